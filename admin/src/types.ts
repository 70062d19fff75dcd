/**
 * Types of the server's admin responses (`{ data }`). Publications come straight from the server's
 * dependency-free type and status modules; the rest mirror server/src/controllers. Nothing here
 * needs the admin runtime, so unit tests and utilities can use these types.
 */

export type LoginFlow = 'instagram' | 'facebook';

export interface FlowStatus {
  configured: boolean;
  appId: string | null;
  appSecretPresent?: boolean;
}

export interface ConfigStatus {
  configured: boolean;
  sandbox: boolean;
  flows: Record<LoginFlow, FlowStatus>;
  redirectUri: string;
  callbacks: { deauthorize: string; dataDeletion: string };
  publicUrl?: string;
  store: 'strapi' | 'mongo';
  graphApiVersion: string;
  /** The token refresh job; nextRunAt is null when this instance does not run it. */
  refresh: { enabled: boolean; cron: string; nextRunAt: string | null };
  endpoints?: Record<string, string>;
  missing: string[];
}

export type ConnectionHealth = 'healthy' | 'expiring' | 'reconnect_needed' | 'action_required' | 'data_access_expiring';

/** What the user must do about a connection (server/src/services/connection-health.ts). */
export type ConnectionAction = 'reconnect' | 'grant_permissions' | 'open_instagram_app';

export interface ConnectionProfile {
  username: string | null;
  name: string | null;
  accountType?: string | null;
  profilePictureUrl: string | null;
  biography?: string | null;
  website?: string | null;
  followersCount: number | null;
  followsCount: number | null;
  mediaCount: number | null;
}

export interface ConnectionView {
  id: string;
  loginKind: LoginFlow;
  instagramUserId: string;
  pageId: string | null;
  pageName: string | null;
  profile: ConnectionProfile;
  scopes: string[];
  tokenExpiresAt: string | null;
  dataAccessExpiresAt: string | null;
  health: ConnectionHealth;
  healthReason: string | null;
  healthAction?: ConnectionAction | null;
  lastError: string | null;
  connectedBy: { id: string | number; name: string } | null;
  connectedAt: string | null;
  lastSyncedAt: string | null;
  lastRefreshedAt: string | null;
  status?: string;
  isActive?: boolean;
}

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
  flow: LoginFlow;
  expiresAt: string;
  pages: PendingPage[];
}

export type PostKind = 'auto' | 'image' | 'carousel' | 'reel' | 'story';

export interface Mapping {
  enabled: boolean;
  connectionId: string | null;
  autoPublish: boolean;
  postKind: PostKind;
  mediaFields: string[];
  captionTemplate: string;
  altTextField: string | null;
  firstCommentTemplate: string | null;
  firstCommentField?: string | null;
  locationIdField: string | null;
  userTagsField: string | null;
  collaboratorsField: string | null;
  shareToFeed: boolean;
  /** Reels: an image field used as the cover. */
  coverField?: string | null;
}

export interface ContentTypeField {
  name: string;
  type: string;
  multiple?: boolean;
  allowedTypes?: string[] | null;
}

export interface MappableContentType {
  uid: string;
  displayName: string;
  fields: ContentTypeField[];
}

export interface PluginSettings {
  mappings: Record<string, Mapping>;
  contentTypes: MappableContentType[];
}

export interface PreviewMedia {
  url: string;
  alt: string | null;
  mime: string | null;
  width: number | null;
  height: number | null;
}

export interface Preview {
  /** null when nothing can be posted yet (no entry, no media). */
  kind: Exclude<PostKind, 'auto'> | null;
  caption: string;
  media: PreviewMedia[];
  warnings: string[];
  errors: string[];
  counts: { characters: number; hashtags: number; mentions: number };
  /** Set instead of a post when there is nothing to preview yet (no entry of the type): not a problem. */
  notice?: string;
  /** Instagram's caption limits as the server enforces them (its `limits` option). */
  limits: { characters: number; hashtags: number; mentions: number };
  /** The mapping the preview used: the panel hides itself when it is switched off. */
  mapping?: { enabled: boolean; autoPublish: boolean; connectionId: string | null };
}

export interface PreviewRequest {
  uid: string;
  documentId?: string;
  locale?: string | null;
  mapping?: Mapping;
  /** Which version of the entry to render (default: the draft). */
  status?: 'draft' | 'published';
}

// Publications: the server's own view type and status rules, imported rather than mirrored.
export type { PublicationStatus } from '../../server/src/store/types';
export type { PublicationView } from '../../server/src/publishing/view-types';
export { CANCELLABLE_STATUSES, IN_FLIGHT_STATUSES } from '../../server/src/store/statuses';

export interface PaginationMeta {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface PublicationQuery {
  uid?: string;
  documentId?: string;
  locale?: string | null;
  status?: string;
  connectionId?: string;
  page?: number;
  pageSize?: number;
}

export interface CreatePublicationRequest {
  uid: string;
  documentId: string;
  locale?: string | null;
  connectionId?: string | null;
  caption?: string;
  /** ISO 8601 in UTC. */
  scheduledAt?: string;
  /** Post even though this version of the entry was already posted to that account (after asking the editor). */
  confirmDuplicate?: boolean;
}

export interface DisconnectResult {
  id: string;
  deleted: true;
  revoked: boolean;
}
