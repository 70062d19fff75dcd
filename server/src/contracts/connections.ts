import type { ConnectionAction, ConnectionHealth, ConnectionStatus, LoginKind } from './statuses';

/** The public profile of a connected professional account, as last read from Meta. */
export interface ConnectionProfile {
  username: string;
  name: string | null;
  accountType: string | null;
  profilePictureUrl: string | null;
  biography: string | null;
  website: string | null;
  followersCount: number | null;
  followsCount: number | null;
  mediaCount: number | null;
}

/** What the admin sees of a connection: everything but its tokens. */
export interface ConnectionView {
  id: string;
  loginKind: LoginKind;
  instagramUserId: string;
  pageId: string | null;
  pageName: string | null;
  profile: ConnectionProfile;
  scopes: string[];
  tokenExpiresAt: string | null;
  dataAccessExpiresAt: string | null;
  health: ConnectionHealth;
  /** What happened, in a sentence; null when healthy. */
  healthReason: string | null;
  /** What the user must do; null when nothing. */
  healthAction: ConnectionAction | null;
  lastError: string | null;
  connectedBy: { id: string; name: string | null } | null;
  connectedAt: string | null;
  lastSyncedAt: string | null;
  lastRefreshedAt: string | null;
  status: ConnectionStatus;
  isActive: boolean;
  /**
   * `reconnect`: connected before the plugin asked for the insights permission, so its insights
   * (reach, views, the account's reach) cannot be read until it is connected again.
   */
  insightsAccess: 'ok' | 'reconnect';
}

/** A Facebook Page offered after Facebook Login, with its linked Instagram account (never its token). */
export interface PendingPage {
  pageId: string;
  pageName: string;
  instagramUserId: string;
  username: string | null;
  name: string | null;
  profilePictureUrl: string | null;
  followersCount: number | null;
}

export interface PendingChoice {
  id: string;
  flow: LoginKind;
  expiresAt: string;
  pages: PendingPage[];
}

export interface DisconnectResult {
  id: string;
  deleted: true;
  /** Facebook Login: whether the app's permissions were removed on Meta's side too. */
  revoked: boolean;
}

/** GET /connections */
export declare namespace ListConnections {
  interface Response {
    data: ConnectionView[];
  }
}

/** POST /connections/:id/refresh ("Check again") */
export declare namespace RefreshConnection {
  interface Params {
    id: string;
  }
  interface Response {
    data: ConnectionView;
  }
}

/** DELETE /connections/:id */
export declare namespace DeleteConnection {
  interface Params {
    id: string;
  }
  interface Response {
    data: DisconnectResult;
  }
}

/** POST /oauth/start */
export declare namespace StartOAuth {
  interface Request {
    flow: LoginKind;
  }
  interface Response {
    data: { authUrl: string };
  }
}

/** GET /oauth/pending/:id */
export declare namespace GetPendingChoice {
  interface Params {
    id: string;
  }
  interface Response {
    data: PendingChoice;
  }
}

/** POST /oauth/pending/:id/select */
export declare namespace SelectPendingPages {
  interface Params {
    id: string;
  }
  interface Request {
    pageIds: string[];
  }
  interface Response {
    data: ConnectionView[];
  }
}
