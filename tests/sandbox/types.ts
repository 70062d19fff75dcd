/** Public types of the Instagram sandbox. Other suites code against these names, so change them with care. */

export type SandboxApi = 'instagramAuthorize' | 'instagramApi' | 'instagramGraph' | 'facebookDialog' | 'facebookGraph';

export interface SandboxApp {
  appId: string;
  appSecret: string;
}

export interface SandboxOptions {
  /** 0 = random free port. */
  port?: number;
  host?: string;
  /** Added to every authorize/API/Graph response, setTimeout-based. */
  latencyMs?: number;
  /** Real time an image container stays IN_PROGRESS. */
  containerProcessingMs?: number;
  /** Real time a video (reel, story video, carousel video child) container stays IN_PROGRESS. */
  videoProcessingMs?: number;
  /** `quota_total` of content_publishing_limit; the window is always 86400 s. */
  quotaTotal?: number;
  instagramApp?: SandboxApp;
  facebookApp?: SandboxApp;
  /** Download image_url / video_url and inspect the real bytes. */
  fetchMedia?: boolean;
  /** Tests serve media from 127.0.0.1; turn off to get Meta's 9004/2207052 for private hosts. */
  allowPrivateMediaUrls?: boolean;
  /** Shape of the Instagram code-exchange answer; 'alternate' switches on every successful exchange. */
  instagramTokenShape?: 'data' | 'flat' | 'alternate';
  /** `permissions` in the Instagram code-exchange answer; 'alternate' switches on every successful exchange. */
  permissionsFormat?: 'string' | 'array' | 'alternate';
  /** Which id the Instagram code exchange returns as `user_id`: the app-scoped `id` (default) or the professional `user_id`. */
  tokenUserId?: 'app-scoped' | 'professional';
  /** Page size of /me/accounts (a larger `limit` is capped to it so clients must follow paging.next). */
  accountsPageSize?: number;
  /** Timeout of the media download done on container creation. */
  mediaFetchTimeoutMs?: number;
  /** Containers an account may create per rolling 24 h. */
  containerLimitPerDay?: number;
  /** Enforce appsecret_proof on Facebook Graph calls that carry a user or Page token. */
  requireAppsecretProof?: boolean;
  /** Oldest calls are dropped beyond this many (the CLI runs for days). */
  callLogLimit?: number;
  /** Caption limits of POST /media (36004/2207010 past them): Instagram's since December 2025 by default. */
  captionLimits?: SandboxCaptionLimits;
  /** Rate-limit usage served in X-App-Usage / X-Business-Use-Case-Usage; at 100 % and above calls are throttled. */
  usage?: SandboxUsage;
}

/**
 * The usage level the sandbox reports, in percent of Meta's limits (all three counters get the value).
 * `app` feeds X-App-Usage on both graph hosts; `account` (every account) or `accounts[id]` feeds
 * X-Business-Use-Case-Usage, keyed by the Instagram account the call's token (or path) belongs to.
 */
export interface SandboxUsage {
  app?: number;
  account?: number;
  accounts?: Record<string, number>;
  /** `estimated_time_to_regain_access` (minutes) served while an account is at or above 100 %. Default 0 (Meta's "unknown"). */
  regainMinutes?: number;
  /** The error of an account at or above 100 %: 80002 (Instagram, default), 17, 32 or 613. An app at 100 % gets code 4. */
  throttleCode?: 17 | 32 | 613 | 80002;
}

export interface SandboxCaptionLimits {
  characters: number;
  hashtags: number;
  mentions: number;
}

export type ResolvedSandboxOptions = Required<SandboxOptions>;

export interface SandboxCall {
  /** Sequence number, starting at 1 after each clearCalls/reset. */
  seq: number;
  /** Sandbox clock (ms) when the request arrived. */
  at: number;
  method: string;
  api: SandboxApi | 'unknown';
  /** Path inside the API, without the host prefix nor the version, e.g. '/17841400000000001/media_publish'. */
  path: string;
  version?: string;
  query: Record<string, string | string[]>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  /** Parsed JSON, the HTML/text, or `{ location }` for redirects. */
  response: unknown;
  /** Set when the access token came from the Authorization header, the query or the body. */
  token?: string;
  /** Facebook Graph only: what the sandbox found about appsecret_proof. */
  appsecretProof?: 'valid' | 'invalid' | 'missing' | 'not-required';
  /** Set when an injected fault changed this call. */
  fault?: string;
  durationMs: number;
}

export interface CallFilter {
  method?: string;
  api?: SandboxApi | 'unknown';
  path?: string | RegExp;
  status?: number;
}

export interface SandboxFaultError {
  httpStatus?: number;
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  isTransient?: boolean;
  userTitle?: string;
  userMsg?: string;
  headers?: Record<string, string>;
  /** Replace the Graph-shaped body, e.g. an HTML 502 page from a proxy. */
  rawBody?: { contentType: string; body: string };
}

export interface SandboxFault {
  match?: {
    method?: string;
    api?: SandboxApi;
    path?: string | RegExp;
    /** Match on request parameters (query and body merged), e.g. `{ creation_id: '179...' }`. */
    params?: Record<string, string | RegExp>;
  };
  /** Apply to the next N matching calls, then disappear. Without times or rate: every matching call until clearFaults. */
  times?: number;
  /** Probability 0..1 that a matching call is hit. */
  rate?: number;
  error?: SandboxFaultError;
  /** Hold the answer this long (simulates a hang; combine with a client timeout). */
  delayMs?: number;
  /** Do the real work, then still answer `error` (or drop the connection): the outcome is unknown to the client. */
  afterEffect?: boolean;
  /** Destroy the socket instead of answering (ECONNRESET on the client). */
  dropConnection?: boolean;
  /**
   * Never answer: hold the connection until the client gives up (its timeout) or the sandbox closes,
   * then drop it. With `afterEffect` the work is done first, so the client times out on a call that took effect.
   */
  hang?: boolean;
  /**
   * POST /{ig-user-id}/media: the container is created and later reports ERROR with this subcode.
   * GET /{container-id}: that container turns ERROR now.
   */
  containerError?: { subcode: number; message?: string };
  /** Free text shown in the call log. */
  label?: string;
}

export interface SandboxFaultHandle {
  readonly hits: number;
  remove(): void;
}

/** What a chaos hit does to a call (every kind is one Meta or its network really produces). */
export type SandboxChaosKind =
  /** code 1 or 2, HTTP 500 or 503 */
  | 'transient'
  /** -1/2207001 "Instagram server error" */
  | 'serverError'
  /** a bare HTML 502 from a proxy */
  | 'badGateway'
  /** the call takes effect, then no answer ever comes (the client times out) */
  | 'timeoutAfterEffect'
  /** the call takes effect, then the connection is reset */
  | 'dropAfterEffect'
  /** codes 4, 17, 32, 613 or 80002 with usage headers above 95 %, as Meta sends them */
  | 'throttled';

/**
 * Random faults on a share of the matching calls, drawn from a PRNG seeded by `seed`: the n-th
 * matching call always gets the same fate, so a run is reproducible up to the order its calls arrive in.
 */
export interface SandboxChaos {
  seed: number;
  /** Share 0..1 of matching calls hit. */
  rate: number;
  match?: SandboxFault['match'];
  /** Relative weights of the kinds; the default weighs them all 1. A kind weighted 0 never happens. */
  weights?: Partial<Record<SandboxChaosKind, number>>;
  /** Usage percent served with a throttling error (all three counters); default 100. */
  throttleUsage?: number;
}

export interface SandboxChaosHandle extends SandboxFaultHandle {
  /** Hits so far per kind. */
  readonly drawn: Record<SandboxChaosKind, number>;
}

export type AccountType = 'BUSINESS' | 'MEDIA_CREATOR';

export interface SandboxInstagramAccount {
  /** Account insight values (period=day) a test pinned, by metric; unset ones are derived. */
  insights?: Record<string, number>;
  /** Professional account id, the `{ig-user-id}` of publishing paths. */
  userId: string;
  /** App-scoped id answered as `id` by /me under Instagram Login; always different from userId. */
  appScopedId: string;
  username: string;
  name?: string;
  accountType: AccountType;
  /** When unset the sandbox serves a generated avatar under /cdn/avatars. */
  profilePictureUrl?: string;
  followersCount: number;
  followsCount: number;
  mediaCount: number;
  biography?: string;
  website?: string;
  /** Listed on the Instagram Login authorize page. */
  instagramLogin: boolean;
  /** Facebook Page the account is linked to (Facebook Login). */
  pageId?: string;
}

export type InstagramAccountInput = Partial<Omit<SandboxInstagramAccount, 'username'>> & { username: string };

export interface SandboxFacebookUser {
  id: string;
  name: string;
  pageIds: string[];
}

export interface SandboxPage {
  id: string;
  name: string;
  category: string;
  ownerId?: string;
  igUserId?: string;
  /** Usable as `location_id`. */
  isLocation: boolean;
}

export interface PageInput {
  id?: string;
  name: string;
  category?: string;
  /** Facebook user owning the page; defaults to the fixture user. Pass null for an unowned (e.g. location) page. */
  ownerId?: string | null;
  /** Link a new Instagram business account to the page. */
  instagram?: InstagramAccountInput;
  isLocation?: boolean;
}

export type TokenKind = 'instagram-short' | 'instagram-long' | 'facebook-user-short' | 'facebook-user-long' | 'facebook-page';

export interface SandboxTokenInfo {
  accessToken: string;
  kind: TokenKind;
  appId: string;
  issuedAt: number;
  /** ms on the sandbox clock; 0 = never. */
  expiresAt: number;
  scopes: string[];
  declined: string[];
  igUserId?: string;
  appScopedId?: string;
  username?: string;
  fbUserId?: string;
  pageId?: string;
  dataAccessExpiresAt?: number;
  /** Why the token no longer works, if it does not. */
  invalid?: { code: number; subcode?: number; message: string };
}

export type IssueTokenSpec =
  | {
      kind: 'instagram';
      /** username, user_id or app-scoped id */
      account: string;
      /** default true (60-day token) */
      longLived?: boolean;
      issuedAt?: number;
      expiresAt?: number;
      scopes?: string[];
    }
  | {
      kind: 'facebook-user';
      /** fb user id; default the fixture user */
      user?: string;
      longLived?: boolean;
      issuedAt?: number;
      expiresAt?: number;
      scopes?: string[];
      /** pages granted in the dialog; default all the user's pages */
      pages?: string[];
    }
  | {
      kind: 'facebook-page';
      /** page id, or the username / user_id of the linked Instagram account */
      page: string;
      issuedAt?: number;
      /** default 0 (never), as for pages reached with a long-lived user token */
      expiresAt?: number;
      scopes?: string[];
    };

export type ContainerStatusCode = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export type ContainerKind = 'IMAGE' | 'CAROUSEL_ITEM_IMAGE' | 'CAROUSEL_ITEM_VIDEO' | 'CAROUSEL' | 'REELS' | 'STORY_IMAGE' | 'STORY_VIDEO';

export interface SandboxContainerView {
  id: string;
  igUserId: string;
  kind: ContainerKind;
  host: 'instagram' | 'facebook';
  statusCode: ContainerStatusCode;
  status: string;
  params: Record<string, string>;
  children?: string[];
  createdAt: number;
  publishedMediaId?: string;
  /** What the media check found (fetchMedia on). */
  media?: { format: string; bytes: number; width?: number; height?: number; durationSec?: number };
}

export interface SandboxMedia {
  id: string;
  igUserId: string;
  username: string;
  containerId: string;
  mediaType: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  productType: 'FEED' | 'REELS' | 'STORY';
  shortcode: string;
  permalink: string;
  /** ms on the sandbox clock */
  timestamp: number;
  caption?: string;
  mediaUrl?: string;
  thumbnailUrl?: string;
  children?: string[];
  parentId?: string;
  comments: SandboxComment[];
  /** Counts and insight metrics a test pinned (`likes`, `comments`, `reach`, ...); unset ones are derived from the id. */
  stats?: Record<string, number>;
  /** Turned off through `POST /{media-id}?comment_enabled=false`; stories never take comments. */
  commentsEnabled?: boolean;
}

/** A comment or (with parentId) a reply to a top-level comment, in the order they were made. */
export interface SandboxComment {
  id: string;
  text: string;
  /** ms on the sandbox clock */
  timestamp: number;
  username: string;
  parentId?: string;
  hidden?: boolean;
  likeCount?: number;
}

/** A comment a test adds as someone else would write it (`sandbox.addComment`). */
export interface CommentInput {
  text: string;
  username?: string;
  /** Reply to this comment (a reply to a reply lands on its top-level comment, as Meta does). */
  parentId?: string;
  hidden?: boolean;
  likeCount?: number;
}
