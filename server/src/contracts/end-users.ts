import type { ConnectionProfile, DisconnectResult, PendingPage } from './connections';
import type { PostCounts } from './insights';
import type { PaginationMeta } from './publications';
import type { ConnectionAction, ConnectionHealth, LoginKind, PostKind, PublicationStatus } from './statuses';

/**
 * The content-API routes an app's own users (Users & Permissions, JWT) call for themselves, under
 * /api/instagram-publisher/me/... They act for the JWT's user only: no user id appears in a path,
 * and another user's connection, file, publication or OAuth result answers 404.
 */

/** What an end user sees of their own connection: never a token. */
export interface MyConnectionView {
  id: string;
  loginKind: LoginKind;
  instagramUserId: string;
  /** Facebook Login: the Page the account is linked to. */
  pageName: string | null;
  profile: ConnectionProfile;
  connectedAt: string | null;
  lastRefreshedAt: string | null;
  /** null: the token does not expire (Facebook Page tokens). */
  tokenExpiresAt: string | null;
  health: ConnectionHealth;
  /** What happened, in a sentence; null when healthy. */
  healthReason: string | null;
  /** What the user must do about it; null when nothing. */
  healthAction: ConnectionAction | null;
}

/** GET /me/connections */
export declare namespace ListMyConnections {
  interface Response {
    data: MyConnectionView[];
    /** How many accounts this user may connect (`endUsers.maxConnections`). */
    meta: { maxConnections: number };
  }
}

/** DELETE /me/connections/:id (Facebook Login: the app's access is revoked on Meta's side too). */
export declare namespace DeleteMyConnection {
  interface Params {
    id: string;
  }
  interface Response {
    data: DisconnectResult;
  }
}

/**
 * POST /me/oauth/start. `returnTo` must fall under one of `endUsers.returnUrls` (same origin, path
 * under the prefix), else 400. Meta's callback then redirects the browser to `returnTo` with
 * `?result=<one-time result>` or `?error=<OAuthErrorCode>&message=<text>`: never a token or Meta's code.
 */
export declare namespace StartMyOAuth {
  interface Request {
    flow: LoginKind;
    returnTo: string;
  }
  interface Response {
    data: { authUrl: string; expiresAt: string };
  }
}

/**
 * POST /me/oauth/complete, with the JWT of the user who started the flow: the result is bound to
 * them, usable once and short-lived. Facebook Login with several Pages answers `choose_pages`
 * first; the same call with `pageIds` connects the chosen ones.
 */
export declare namespace CompleteMyOAuth {
  interface Request {
    result: string;
    pageIds?: string[];
  }
  type Response = {
    data:
      | { status: 'connected'; connections: MyConnectionView[] }
      | { status: 'choose_pages'; pages: PendingPage[]; expiresAt: string };
  };
}

/** A file an end user uploaded (stored through Strapi's upload service, hosted by its provider). */
export interface MyFile {
  /** The upload plugin's file id: what a publication names in `fileIds`. */
  id: string;
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  createdAt: string;
}

/** POST /me/files: multipart, 1–10 images or videos in the `files` field. 413 above `endUsers.maxUploadBytes`. */
export declare namespace UploadMyFiles {
  interface Response {
    data: MyFile[];
  }
}

/** GET /me/files: this user's files, newest first. */
export declare namespace ListMyFiles {
  interface Query {
    page?: number;
    pageSize?: number;
  }
  interface Response {
    data: MyFile[];
    meta: { pagination: PaginationMeta };
  }
}

/** A person tagged on the media, at a point of the image (0–1 from the top left). */
export interface MyUserTag {
  username: string;
  x?: number;
  y?: number;
}

/**
 * What a post is made of. As JSON, `fileIds` names files this user uploaded before; as multipart,
 * the `files` field carries 1–10 new files and a `data` field this object as JSON (without fileIds).
 */
export interface MyPostInput {
  connectionId: string;
  fileIds?: string[];
  caption?: string;
  /** auto: one image → image, one video → reel, several → carousel. */
  kind?: PostKind | 'auto';
  /** One per file, in order; null or '' keeps the file's own alternative text. */
  altTexts?: Array<string | null>;
  firstComment?: string | null;
  userTags?: MyUserTag[];
  /** A Facebook location Page id (digits). */
  locationId?: string | null;
  /** Up to 3 usernames. */
  collaborators?: string[];
  /** Reels: also show the reel in the feed grid (default true). */
  shareToFeed?: boolean;
  /** ISO 8601 with a timezone offset; a time in the past is refused. */
  scheduledAt?: string | null;
}

/** What an end user sees of their own publication. */
/** An end user's own post; its latest numbers (`PostCounts`) are null until read. */
export interface MyPublicationView extends PostCounts {
  id: string;
  connectionId: string | null;
  /** The account's username (kept after a disconnect). */
  username: string | null;
  status: PublicationStatus;
  kind: PostKind | null;
  caption: string | null;
  files: Array<{ id: string; url: string | null; mime: string | null }>;
  scheduledAt: string | null;
  attempts: number;
  /** The Instagram media id once live. */
  mediaId: string | null;
  permalink: string | null;
  error: { code: number | null; message: string } | null;
  warnings: string[];
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * POST /me/publications → 202. An `Idempotency-Key` header (at most 200 printable characters) makes
 * a retried request answer the publication the first one made instead of posting again (that
 * answer carries `Idempotent-Replayed: true`). 429 with `Retry-After` over
 * `endUsers.postsPerDay`; 409 `DuplicatePostError` when the same files and caption already went
 * (or go) to that account.
 */
export declare namespace CreateMyPublication {
  type Request = MyPostInput;
  interface Response {
    data: MyPublicationView;
  }
}

/** GET /me/publications */
export declare namespace ListMyPublications {
  interface Query {
    /** One status or a comma-separated list. */
    status?: string;
    connectionId?: string;
    /** `<field>:<direction>`, e.g. `likes:desc` (PUBLICATION_SORT_FIELDS); `createdAt:desc` by default. */
    sort?: string;
    page?: number;
    pageSize?: number;
  }
  interface Response {
    data: MyPublicationView[];
    meta: { pagination: PaginationMeta };
  }
}

/** GET /me/publications/:id, POST /me/publications/:id/cancel, POST /me/publications/:id/retry */
export declare namespace MyPublication {
  interface Params {
    id: string;
  }
  interface Response {
    data: MyPublicationView;
  }
}

/** The admin's support view of end users' connections (GET /end-user-connections). */
export interface EndUserConnectionView {
  id: string;
  owner: { id: string; email: string | null; username: string | null; blocked: boolean } | null;
  loginKind: LoginKind;
  profile: Pick<ConnectionProfile, 'username' | 'name' | 'profilePictureUrl' | 'followersCount'>;
  health: ConnectionHealth;
  healthReason: string | null;
  connectedAt: string | null;
  tokenExpiresAt: string | null;
  lastPost: { id: string; status: PublicationStatus; permalink: string | null; at: string } | null;
}

/** GET /end-user-connections (admin) */
export declare namespace ListEndUserConnections {
  interface Query {
    /** Matches the owner's email or username, or the Instagram username. */
    q?: string;
    page?: number;
    pageSize?: number;
  }
  interface Response {
    data: EndUserConnectionView[];
    meta: { pagination: PaginationMeta; enabled: boolean; users: number; connections: number };
  }
}

/** DELETE /end-user-connections/:id (admin, support): revokes an end user's connection. */
export declare namespace RevokeEndUserConnection {
  interface Params {
    id: string;
  }
  interface Response {
    data: DisconnectResult;
  }
}

/** 429 `RateLimitError` details (the `Retry-After` header says the same in seconds). */
export interface RateLimitDetails {
  limit: 'connections' | 'postsPerDay';
  max: number;
  retryAfterSeconds: number | null;
}
