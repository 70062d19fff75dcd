/**
 * Types mirroring the server's admin responses (`{ data }`). Keep them in step with
 * server/src/controllers: the UI only reads what these declare. No imports here, so unit
 * tests and utilities can use them without the admin runtime.
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
  endpoints?: Record<string, string>;
  missing: string[];
}

export type ConnectionHealth = 'healthy' | 'expiring' | 'reconnect_needed' | 'data_access_expiring';

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

export type PublicationStatus =
  | 'queued'
  | 'preparing'
  | 'containers_created'
  | 'processing'
  | 'publishing'
  | 'published'
  | 'deferred'
  | 'failed'
  | 'cancelled';

export interface PublicationView {
  id: string;
  uid: string;
  documentId: string;
  /** The entry's title as the Content Manager shows it; null for an entry deleted since. */
  entryTitle: string | null;
  locale: string | null;
  connectionId: string | null;
  connection: { username: string | null } | null;
  status: PublicationStatus;
  kind: string | null;
  caption: string | null;
  trigger: string | null;
  scheduledAt: string | null;
  runAt: string | null;
  attempts: number;
  mediaId: string | null;
  permalink: string | null;
  error: { code?: number | string | null; subcode?: number | string | null; message: string } | null;
  /** Non-fatal notes: renditions made, permalink or first-comment problems. */
  warnings?: string[];
  requestedBy?: unknown;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

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
}

export interface DisconnectResult {
  id: string;
  deleted: true;
  revoked: boolean;
}

/** Statuses the server lets an editor cancel (the post has not been published yet). */
export const CANCELLABLE_STATUSES: PublicationStatus[] = ['queued', 'deferred', 'preparing', 'containers_created', 'processing'];

/** Statuses a publication leaves on its own: screens keep polling while one is listed. */
export const IN_FLIGHT_STATUSES: PublicationStatus[] = [
  'queued',
  'preparing',
  'containers_created',
  'processing',
  'publishing',
  'deferred',
];
