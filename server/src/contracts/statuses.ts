/**
 * Every list of states and codes the server and the admin both read, as `as const` arrays with the
 * types derived from them: a value added here reaches the worker, the stores, the routes' checks and
 * the admin's buttons and labels at once. Dependency-free, so both bundles can import it.
 */

/** The two login products (they never mix): "Instagram Login" and "Facebook Login" with a Page. */
export const LOGIN_KINDS = ['instagram', 'facebook'] as const;
export type LoginKind = (typeof LOGIN_KINDS)[number];

/** A connection's stored state; `action_required` keeps its token (the user acts in the Instagram app). */
export const CONNECTION_STATUSES = ['active', 'reconnect_needed', 'action_required', 'deauthorized'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Connections the refresh job visits: active ones, and restricted ones it checks again. */
export const REFRESHED_STATUSES: readonly ConnectionStatus[] = ['active', 'action_required'];

/** A connection's health, derived from its state and dates (never stored). */
export const CONNECTION_HEALTHS = ['healthy', 'expiring', 'reconnect_needed', 'action_required', 'data_access_expiring'] as const;
export type ConnectionHealth = (typeof CONNECTION_HEALTHS)[number];

/** What the user must do about a connection. */
export const CONNECTION_ACTIONS = ['reconnect', 'grant_permissions', 'open_instagram_app'] as const;
export type ConnectionAction = (typeof CONNECTION_ACTIONS)[number];

/** Where a publication is in Meta's container flow. */
export const PUBLICATION_STATUSES = [
  'queued',
  'preparing',
  'containers_created',
  'processing',
  'publishing',
  'published',
  'deferred',
  'failed',
  'cancelled',
] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** Not finished yet: the worker picks these up when their `runAt` has come, and screens keep polling. */
export const IN_FLIGHT_STATUSES: readonly PublicationStatus[] = ['queued', 'preparing', 'containers_created', 'processing', 'publishing', 'deferred'];

/** An editor may cancel these: nothing has been sent to media_publish yet. */
export const CANCELLABLE_STATUSES: readonly PublicationStatus[] = ['queued', 'deferred', 'preparing', 'containers_created', 'processing'];

/** An editor may queue these again. */
export const RETRYABLE_STATUSES: readonly PublicationStatus[] = ['failed', 'cancelled'];

/** What queued a publication: a publish of the entry, an editor's "post now", or a schedule. */
export const PUBLICATION_TRIGGERS = ['publish', 'manual', 'schedule'] as const;
export type PublicationTrigger = (typeof PUBLICATION_TRIGGERS)[number];

/** What Instagram posts: the kinds of a publication. */
export const POST_KINDS = ['image', 'carousel', 'reel', 'story'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** What a mapping may ask for: a kind, or `auto` (chosen from the media found on the entry). */
export const MAPPING_POST_KINDS = ['auto', ...POST_KINDS] as const;
export type MappingPostKind = (typeof MAPPING_POST_KINDS)[number];

/** How an OAuth flow can end badly, as the callback reports it to the admin (`?error=<code>`). */
export const OAUTH_ERROR_CODES = [
  'cancelled',
  'invalid_state',
  'invalid_request',
  'missing_scopes',
  'exchange_failed',
  'meta_error',
  'no_instagram_account',
  'not_configured',
  'unreachable',
  /** An end user already has `endUsers.maxConnections` accounts. */
  'too_many_connections',
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number];

/** Type guard for values read from a URL or a row: is it one of the list's values? */
export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);
