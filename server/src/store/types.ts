import type { AccountSnapshotField, InsightsRepository, PostSnapshotField } from './insights';
import type { Table } from './table';
/**
 * The plugin's storage contract. Strapi's own database (strapi/) implements all of it;
 * MongoDB (mongo/, when `mongoUri` is set) implements the connections part, and the
 * publication queue then still comes from Strapi's database (index.ts says why).
 * Domain objects carry decrypted tokens; the shared repositories encrypt on every write and
 * decrypt on read (tokens.ts), so nothing above this folder ever sees ciphertext.
 */

import type { ConnectionProfile, ConnectionStatus, LoginKind, PostKind, PublicationSort, PublicationStatus, PublicationTrigger } from '../contracts';

export type { ConnectionStatus, LoginKind, PostKind, PublicationStatus, PublicationTrigger };
/** `action_required`: Instagram restricted the account; the token is kept and checked again (see services/connection-health.ts). */

/** The account's public profile, as the admin sees it too. */
export type Profile = ConnectionProfile;

/**
 * Whose a connection is: the admin side (a shared brand account, used by mappings and the publish
 * hook) or one Users & Permissions user (their own account, used only through their routes).
 */
export type OwnerKind = 'admin' | 'user';
export type ConnectionOwner = { kind: 'admin' } | { kind: 'user'; userId: string };
/** Whose connections a list or count means: one owner, or every end user's (the admin's support view). */
export type OwnerScope = ConnectionOwner | { kind: 'users' };

export const ADMIN_OWNER: ConnectionOwner = { kind: 'admin' };
export const userOwner = (userId: string | number): ConnectionOwner => ({ kind: 'user', userId: String(userId) });

export interface Connection {
  id: string;
  ownerKind: OwnerKind;
  /**
   * Admin side: the admin who connected the account. End user: the Users & Permissions user who
   * owns it (the `userId` other services read in MongoDB's `instagram_connections`).
   */
  userId: string | null;
  connectedByName: string | null;
  /** The professional account id (`user_id`), never the app-scoped `id`. */
  instagramUserId: string;
  loginKind: LoginKind;
  /** Facebook Login: the Page whose token publishes. */
  pageId: string | null;
  pageName: string | null;
  /**
   * The app-scoped user id Meta names in deauthorize and data-deletion callbacks: the
   * Facebook user id for Facebook Login, the app-scoped Instagram `id` for Instagram Login.
   */
  appScopedUserId: string | null;
  /** Null once the token is destroyed (deauthorized by the user on Meta's side). */
  accessToken: string | null;
  /** Facebook Login: the long-lived user token, kept to revoke permissions on disconnect. */
  userAccessToken: string | null;
  tokenIssuedAt: Date | null;
  /** Null means the token does not expire (Page tokens). */
  tokenExpiresAt: Date | null;
  dataAccessExpiresAt: Date | null;
  profile: Profile;
  scopes: string[];
  status: ConnectionStatus;
  isActive: boolean;
  lastError: string | null;
  connectedAt: Date;
  lastSyncedAt: Date | null;
  lastRefreshedAt: Date | null;
  refreshLockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What callers may write; ids and timestamps belong to the store. The owner is fixed when the
 * connection is first written (admin side unless said otherwise) and never changes.
 */
export type ConnectionWrite = Omit<Connection, 'id' | 'createdAt' | 'updatedAt' | 'ownerKind'> & { ownerKind?: OwnerKind };
export type ConnectionPatch = Partial<Omit<ConnectionWrite, 'ownerKind' | 'userId'>> & { userId?: string | null };

/** What the admin's support search looks for: the owners it found by email or username, and an Instagram username. */
export interface ConnectionMatch {
  userIds: readonly string[];
  username: string;
}

export interface RefreshCursor {
  tokenExpiresAt: Date;
  id: string;
}

export interface ConnectionRepository {
  /** The connections of a scope (the admin side unless said otherwise), oldest first. */
  list(scope?: OwnerScope, page?: { limit: number; offset: number }): Promise<Connection[]>;
  /** Any owner's: callers that act for someone check the owner (or use findOwned). */
  findById(id: string): Promise<Connection | null>;
  /** The connection when `owner` owns it; null for an unknown id and for anyone else's alike. */
  findOwned(id: string, owner: ConnectionOwner): Promise<Connection | null>;
  findByInstagramUserId(instagramUserId: string, owner?: ConnectionOwner): Promise<Connection | null>;
  /** Connections Meta's callbacks refer to, whoever owns them: by app-scoped user id or professional account id. */
  findByMetaUserId(metaUserId: string): Promise<Connection[]>;
  /**
   * One connection per Instagram account and owner (once on the admin side, once per end user):
   * reconnecting updates the existing row in place.
   */
  upsertByInstagramUserId(data: ConnectionWrite): Promise<Connection>;
  update(id: string, patch: ConnectionPatch): Promise<Connection | null>;
  /** Like update, without reading the row back: the refresh job's hot path. */
  patch(id: string, patch: ConnectionPatch): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  /**
   * One page of active connections of a login kind whose token expires before
   * `expiresBefore`, and of its `action_required` connections whatever their expiry (each run
   * checks whether Instagram accepts them again), ordered by (tokenExpiresAt, id) after `after`
   * (keyset paging keeps memory flat however many connections exist).
   */
  listDueForRefresh(query: {
    loginKind: LoginKind;
    expiresBefore: Date | null;
    after: RefreshCursor | null;
    limit: number;
  }): Promise<Connection[]>;
  /**
   * One page of active and `action_required` connections of a login kind ordered by id (for
   * tokens that never expire, where an expiry order means nothing).
   */
  listActiveByKind(query: { loginKind: LoginKind; afterId: string | null; limit: number }): Promise<Connection[]>;
  /**
   * Conditional update over a batch: claims the connections whose refresh lock is free or
   * stale for `owner` until `lockUntil`, and returns the ids this caller won. Each id goes
   * to exactly one of several racing instances.
   */
  claimForRefresh(ids: string[], owner: string, now: Date, lockUntil: Date): Promise<string[]>;
  /** How many connections a scope holds; every connection without one. */
  count(scope?: OwnerScope): Promise<number>;
  /**
   * One page of a scope's connections that belong to one of `match.userIds` or whose Instagram
   * username contains `match.username` (any case), in list order, with how many match in all.
   */
  search(scope: OwnerScope, match: ConnectionMatch, page: { limit: number; offset: number }): Promise<{ results: Connection[]; total: number }>;
  /** How many end users own at least one connection. */
  countUserOwners(): Promise<number>;
  /** Marks connections stored before owners existed as the admin side's; returns how many. */
  adoptUnowned(): Promise<number>;
  /** Rewrites every stored token under the current key; returns how many rows changed. */
  reencryptTokens(): Promise<number>;
}

/**
 * `state`: a flow under way (bound to who started it); `pending`: Facebook Pages waiting for a choice;
 * `result`: an end user's finished flow waiting for POST /me/oauth/complete with their JWT.
 */
export type OAuthRecordKind = 'state' | 'pending' | 'result';

export interface OAuthRecord {
  key: string;
  kind: OAuthRecordKind;
  /** The admin's id, or `user:<id>` for a Users & Permissions user (see ownerKeyOf). */
  userId: string;
  flow: LoginKind;
  /** Encrypted at rest as a whole: pending Page choices carry Page tokens. */
  payload: Record<string, unknown>;
  expiresAt: Date;
  createdAt: Date;
}

export interface OAuthRecordRepository {
  create(record: Omit<OAuthRecord, 'createdAt'>): Promise<OAuthRecord>;
  find(key: string, kind: OAuthRecordKind): Promise<OAuthRecord | null>;
  /** Single use: returns the record to exactly one caller and deletes it. */
  take(key: string, kind: OAuthRecordKind): Promise<OAuthRecord | null>;
  deleteExpired(now: Date): Promise<number>;
}



export interface PublicationError {
  code: number | null;
  subcode: number | null;
  class: string | null;
  message: string;
}

export interface Publication {
  id: string;
  uid: string;
  documentId: string;
  locale: string | null;
  connectionId: string | null;
  status: PublicationStatus;
  kind: PostKind | null;
  caption: string | null;
  /** Hash of what was posted, so republishing an unchanged entry does not post again. */
  contentHash: string | null;
  trigger: PublicationTrigger;
  scheduledAt: Date | null;
  /** When the worker may next pick it up (now, the schedule, or a deferral). */
  runAt: Date;
  attempts: number;
  /** Step state the worker needs to resume after a crash (media, container ids, etc.). */
  state: Record<string, unknown>;
  mediaId: string | null;
  permalink: string | null;
  error: PublicationError | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  requestedBy: string | null;
  publishedAt: Date | null;
  /** The account's username when the post was queued or made: still shown after a disconnect. */
  accountUsername: string | null;
  /** The Users & Permissions user who posts their own files; null for the admin side's posts of entries. */
  ownerUserId: string | null;
  /** What an end user sent (files, caption, options): the post's source when it is not an entry. */
  input: Record<string, unknown> | null;
  /**
   * An end user's `Idempotency-Key`, as `<userId>:<sha256 of the key>`: unique in the store, so a
   * request sent twice (a retry after a lost answer) finds the publication the first one made.
   */
  idempotencyKey: string | null;
  /**
   * Set while this publication owns "this content of this entry on this account" (from preparation
   * on, kept once published): unique in the store, so two publications can never post the same
   * thing to the same account unless an editor confirmed it (the key then carries the publication id).
   */
  dedupeKey: string | null;
  /** The latest numbers read (insights sync), null until then; comment notifications add to commentCount. */
  likeCount: number | null;
  commentCount: number | null;
  reachCount: number | null;
  /** When the last comment notification for the post arrived. */
  lastCommentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Written only by the insights sync (InsightsRepository.saveLatest) and recordComment, never by a patch. */
type StoreOwnedCounts = 'likeCount' | 'commentCount' | 'reachCount' | 'lastCommentAt';

export type PublicationWrite = Omit<Publication, 'id' | 'createdAt' | 'updatedAt' | 'ownerUserId' | 'input' | 'idempotencyKey' | StoreOwnedCounts> &
  Partial<Pick<Publication, 'ownerUserId' | 'input' | 'idempotencyKey'>>;
export type PublicationPatch = Partial<PublicationWrite>;

export interface PublicationQuery {
  uid?: string;
  documentId?: string;
  locale?: string;
  status?: PublicationStatus[];
  connectionId?: string;
  /** Publications that posted any of these Instagram media. */
  mediaIds?: string[];
  dedupeKey?: string;
  /** One end user's publications; null: the admin side's only (entries). Absent: every publication. */
  ownerUserId?: string | null;
  idempotencyKey?: string;
  /** Created at or after this moment (an end user's posts of the last 24 hours). */
  createdAfter?: Date;
  /** Newest first when absent; by a latest number, posts never read come last either way. */
  sort?: PublicationSort;
  page: number;
  pageSize: number;
}

/** `create` of a publication whose `idempotencyKey` another publication already holds. */
export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('Another publication already holds this idempotency key.');
    this.name = 'IdempotencyKeyTaken';
  }
}

export interface PublicationRepository {
  /** Throws IdempotencyKeyTaken when the row's idempotency key is already held (the store's unique index decides). */
  create(data: PublicationWrite): Promise<Publication>;
  /** Inserts rows in one write without reading them back: the publish hook's path, kept short. */
  createMany(data: PublicationWrite[]): Promise<void>;
  findById(id: string): Promise<Publication | null>;
  list(query: PublicationQuery): Promise<{ results: Publication[]; total: number }>;
  update(id: string, patch: PublicationPatch): Promise<Publication | null>;
  /** Updates only while `owner` still holds the lease; false means the lease was lost. */
  updateLeased(id: string, owner: string, patch: PublicationPatch): Promise<boolean>;
  /**
   * Gives the leased publication the dedupe key; false when another publication holds it (the
   * store's unique index decides, so two racing workers cannot both win).
   */
  takeDedupeKey(id: string, owner: string, key: string): Promise<boolean>;
  /** Updates only while the row is in one of `statuses`; false when it moved on meanwhile. */
  updateIfStatus(id: string, statuses: readonly PublicationStatus[], patch: PublicationPatch): Promise<boolean>;
  /**
   * Claims up to `limit` publications that are due (`runAt <= now`, in a runnable status,
   * lease free or expired) for `owner` until `leaseUntil`. Each row goes to one claimer.
   * With `running` (the ids `owner` is working on), rows `owner` itself still leases but no
   * longer runs are claimed too: a run that lost its database could not hand its lease back,
   * and nobody else holds `owner`'s leases, so waiting for them to lapse would only delay the post.
   */
  claimDue(query: { now: Date; owner: string; leaseUntil: Date; limit: number; running?: string[] }): Promise<Publication[]>;
  /** The soonest `runAt` among runnable publications, so the worker can sleep until then. */
  nextRunAt(): Promise<Date | null>;
  /** The newest end-user publication of each of these connections, by connection id (none: absent). */
  latestOfUserConnections(connectionIds: readonly string[]): Promise<Map<string, Publication>>;
  /**
   * A comment on the published post of `mediaId` was notified: one more comment (a count never read
   * stays null, the next read sets it) and `lastCommentAt = at`. Returns how many publications changed.
   */
  recordComment(mediaId: string, at: Date): Promise<number>;
}

export interface SettingsRepository {
  get<T = unknown>(key: string): Promise<T | null>;
  set<T = unknown>(key: string, value: T): Promise<void>;
}

export interface Store {
  /** Where connections, OAuth records and settings live; publications are always in Strapi's database. */
  readonly kind: 'strapi' | 'mongo';
  connections: ConnectionRepository;
  oauth: OAuthRecordRepository;
  publications: PublicationRepository;
  settings: SettingsRepository;
  /** Post and account insight snapshots (in MongoDB with mongoUri), and the latest numbers on each publication. */
  insights: InsightsRepository;
  init(): Promise<void>;
  close(): Promise<void>;
}

/** What `mongoUri` moves to MongoDB: everything but the publication queue. */
export type ConnectionsStore = Omit<Store, 'publications' | 'insights'> & {
  /** The insight snapshot collections, joined with the publications' table by ../index.ts. */
  insightTables: { posts: Table<PostSnapshotField>; accounts: Table<AccountSnapshotField> };
};
