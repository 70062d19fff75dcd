import type { SandboxClock } from './clock';
import { DAY, HOUR } from './clock';
import { GraphError, err, tokenErrorMessage } from './errors';
import { idSequence, mintToken } from './ids';
import type {
  ContainerKind,
  InstagramAccountInput,
  IssueTokenSpec,
  PageInput,
  ResolvedSandboxOptions,
  SandboxFacebookUser,
  SandboxInstagramAccount,
  SandboxMedia,
  SandboxPage,
  SandboxTokenInfo,
  TokenKind,
} from './types';

export const INSTAGRAM_SCOPES = [
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_insights',
  'instagram_business_manage_messages',
] as const;

export const FACEBOOK_SCOPES = [
  'public_profile',
  'email',
  'pages_show_list',
  'pages_read_engagement',
  'pages_manage_metadata',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_comments',
  'instagram_manage_insights',
  'business_management',
] as const;

/** The scope Meta does not let a user untick. */
export const REQUIRED_SCOPE = { instagram: 'instagram_business_basic', facebook: 'public_profile' } as const;

/** Meta's documented lifetimes. */
export const LIFETIME = {
  code: HOUR,
  instagramShort: HOUR,
  /** graph.instagram.com answers expires_in 5183944 for both exchange and refresh. */
  instagramLongSec: 5183944,
  facebookShortSec: 5400,
  facebookLongSec: 5183944,
  dataAccess: 90 * DAY,
} as const;

export interface Authorization {
  key: string;
  kind: 'instagram' | 'facebook';
  appId: string;
  subjectId: string;
  scopes: string[];
  declined: string[];
  /** Facebook Login: pages the user ticked in the dialog. */
  pageIds?: string[];
  grantedAt: number;
  dataAccessExpiresAt: number;
  /** Bumped when the user removes the app: every token minted before dies with 190/458. */
  generation: number;
}

export interface TokenRecord {
  token: string;
  kind: TokenKind;
  appId: string;
  authKey: string;
  /** Ids whose invalidation kills this token (account, Facebook user, page). */
  subjects: string[];
  igUserId?: string;
  fbUserId?: string;
  pageId?: string;
  issuedAt: number;
  expiresAt: number;
  seq: number;
  generation: number;
  invalid?: { subcode?: number; message?: string };
}

export interface CodeRecord {
  code: string;
  kind: 'instagram' | 'facebook';
  appId: string;
  redirectUri: string;
  subjectId: string;
  scopes: string[];
  declined: string[];
  pageIds?: string[];
  issuedAt: number;
  usedAt?: number;
}

export interface ContainerRecord {
  id: string;
  igUserId: string;
  host: 'instagram' | 'facebook';
  kind: ContainerKind;
  params: Record<string, string>;
  children?: string[];
  /** sandbox clock, for the 24 h EXPIRED rule */
  createdAt: number;
  /** real clock, for IN_PROGRESS → FINISHED */
  readyAtReal: number;
  /** false while an asynchronous video check runs */
  checked: boolean;
  error?: { subcode: number; message: string };
  publishedMediaId?: string;
  media?: { format: string; bytes: number; width?: number; height?: number; durationSec?: number };
}

interface Invalidation {
  beforeSeq: number;
  subcode?: number;
  message?: string;
}

export interface SandboxAccounts {
  /** Id of the fixture Facebook user that owns the fixture pages. */
  readonly facebookUserId: string;
  /** Cheap (O(1)): a benchmark seeds 10,000 of these. */
  addInstagramAccount(input: InstagramAccountInput): SandboxInstagramAccount;
  updateInstagramAccount(ref: string, patch: Partial<Omit<SandboxInstagramAccount, 'userId' | 'appScopedId'>>): SandboxInstagramAccount;
  /** ref: username, user_id or app-scoped id. */
  getInstagramAccount(ref: string): SandboxInstagramAccount | undefined;
  listInstagramAccounts(filter?: { instagramLogin?: boolean }): SandboxInstagramAccount[];
  addFacebookUser(input: { id?: string; name: string }): SandboxFacebookUser;
  /** Without ref: the fixture user. */
  getFacebookUser(ref?: string): SandboxFacebookUser | undefined;
  listFacebookUsers(): SandboxFacebookUser[];
  addPage(input: PageInput): SandboxPage;
  getPage(id: string): SandboxPage | undefined;
  listPages(ownerId?: string): SandboxPage[];
  /**
   * Kill a token (ref = the token) or every token so far of an account / Facebook user / page
   * (ref = username, user_id, fb user id, page id): later calls answer 190 with this subcode
   * (460 password changed by default; 458 app removed, 459 checkpoint, 463 expired, 464, 467, 492).
   * Tokens minted afterwards (the user reconnects) work.
   */
  invalidateToken(ref: string, subcode?: number): void;
  /** The user removes the app: like DELETE /me/permissions, every token dies with 190/458. */
  revokeApp(ref: string): void;
  tokenInfo(token: string): SandboxTokenInfo | undefined;
}

export class SandboxState {
  igAccounts = new Map<string, SandboxInstagramAccount>();
  private igByUsername = new Map<string, SandboxInstagramAccount>();
  private igByAppScoped = new Map<string, SandboxInstagramAccount>();
  fbUsers = new Map<string, SandboxFacebookUser>();
  pages = new Map<string, SandboxPage>();
  auths = new Map<string, Authorization>();
  tokens = new Map<string, TokenRecord>();
  pageTokenCache = new Map<string, string>();
  codes = new Map<string, CodeRecord>();
  containers = new Map<string, ContainerRecord>();
  media = new Map<string, SandboxMedia>();
  mediaByUser = new Map<string, string[]>();
  publishTimes = new Map<string, number[]>();
  containerTimes = new Map<string, number[]>();
  private invalidations = new Map<string, Invalidation>();
  private tokenSeq = 0;
  /** Async work (video checks) started before a reset must not touch the new state. */
  epoch = 0;
  fixtureFacebookUserId = '';

  nextIgUserId = idSequence('178414', 17, 100);
  nextAppScopedId = idSequence('26', 17, 100);
  nextFbUserId = idSequence('101', 17, 100);
  nextPageId = idSequence('1010', 16, 100);
  nextContainerId = idSequence('179', 17);
  nextMediaId = idSequence('180', 17);
  nextCommentId = idSequence('1799', 17);
  counters = { shape: 0, permissions: 0 };

  readonly accounts: SandboxAccounts;

  constructor(
    readonly clock: SandboxClock,
    private readonly options: () => ResolvedSandboxOptions,
  ) {
    this.accounts = this.createAccountsApi();
    this.reset();
  }

  reset(): void {
    this.epoch++;
    this.igAccounts = new Map();
    this.igByUsername = new Map();
    this.igByAppScoped = new Map();
    this.fbUsers = new Map();
    this.pages = new Map();
    this.auths = new Map();
    this.tokens = new Map();
    this.pageTokenCache = new Map();
    this.codes = new Map();
    this.containers = new Map();
    this.media = new Map();
    this.mediaByUser = new Map();
    this.publishTimes = new Map();
    this.containerTimes = new Map();
    this.invalidations = new Map();
    this.tokenSeq = 0;
    this.nextIgUserId = idSequence('178414', 17, 100);
    this.nextAppScopedId = idSequence('26', 17, 100);
    this.nextFbUserId = idSequence('101', 17, 100);
    this.nextPageId = idSequence('1010', 16, 100);
    this.nextContainerId = idSequence('179', 17);
    this.nextMediaId = idSequence('180', 17);
    this.nextCommentId = idSequence('1799', 17);
    this.counters = { shape: 0, permissions: 0 };
    this.loadFixtures();
  }

  private loadFixtures(): void {
    this.addInstagramAccount({
      username: 'sandbox_brand',
      userId: '17841400000000001',
      appScopedId: '26000000000000001',
      name: 'Sandbox Brand',
      accountType: 'BUSINESS',
      followersCount: 12840,
      followsCount: 312,
      mediaCount: 87,
      biography: 'Official account of a brand that only exists in tests.',
      website: 'https://brand.sandbox.invalid/',
    });
    this.addInstagramAccount({
      username: 'sandbox_creator',
      userId: '17841400000000002',
      appScopedId: '26000000000000002',
      name: 'Sandy Creator',
      accountType: 'MEDIA_CREATOR',
      followersCount: 1520,
      followsCount: 801,
      mediaCount: 240,
      biography: 'Photos, reels, and the occasional test fixture.',
    });
    const user = this.addFacebookUser({ id: '10100000000000001', name: 'Sandy Sandbox' });
    this.fixtureFacebookUserId = user.id;
    this.addPage({
      id: '1010000000000001',
      name: 'Sandbox Bakery',
      category: 'Bakery',
      ownerId: user.id,
      isLocation: true,
      instagram: {
        username: 'sandbox_bakery',
        userId: '17841400000000011',
        name: 'Sandbox Bakery',
        followersCount: 5310,
        followsCount: 120,
        mediaCount: 64,
        biography: 'Fresh bread every morning, fake crumbs only.',
        website: 'https://bakery.sandbox.invalid/',
      },
    });
    this.addPage({
      id: '1010000000000002',
      name: 'Sandbox Studio',
      category: 'Photographer',
      ownerId: user.id,
      instagram: {
        username: 'sandbox_studio',
        userId: '17841400000000012',
        name: 'Sandbox Studio',
        followersCount: 930,
        followsCount: 410,
        mediaCount: 12,
        biography: 'Portraits and product shots.',
      },
    });
    this.addPage({ id: '1010000000000003', name: 'Sandbox Notes', category: 'Blog', ownerId: user.id });
    this.addPage({
      id: '1010000000000004',
      name: 'Sandbox Cafe',
      category: 'Cafe',
      ownerId: user.id,
      instagram: {
        username: 'sandbox_cafe',
        userId: '17841400000000013',
        name: 'Sandbox Cafe',
        followersCount: 2204,
        followsCount: 98,
        mediaCount: 31,
        biography: 'Coffee that compiles.',
        website: 'https://cafe.sandbox.invalid/',
      },
    });
    this.addPage({ id: '2120000000000001', name: 'Sandbox Plaza', category: 'Public Square', ownerId: null, isLocation: true });
    this.addPage({ id: '2120000000000002', name: 'Sandbox Park', category: 'Park', ownerId: null, isLocation: true });
  }

  // ---- accounts -------------------------------------------------------------------------

  addInstagramAccount(input: InstagramAccountInput): SandboxInstagramAccount {
    const username = input.username.replace(/^@/, '');
    if (this.igByUsername.has(username.toLowerCase())) throw new Error(`sandbox: username ${username} already exists`);
    const account: SandboxInstagramAccount = {
      userId: input.userId ?? this.nextIgUserId(),
      appScopedId: input.appScopedId ?? this.nextAppScopedId(),
      username,
      name: input.name,
      accountType: input.accountType ?? 'BUSINESS',
      profilePictureUrl: input.profilePictureUrl,
      followersCount: input.followersCount ?? 0,
      followsCount: input.followsCount ?? 0,
      mediaCount: input.mediaCount ?? 0,
      biography: input.biography,
      website: input.website,
      instagramLogin: input.instagramLogin ?? input.pageId === undefined,
      pageId: input.pageId,
    };
    if (account.userId === account.appScopedId) throw new Error('sandbox: appScopedId must differ from userId, as at Meta');
    if (this.igAccounts.has(account.userId)) throw new Error(`sandbox: user_id ${account.userId} already exists`);
    this.igAccounts.set(account.userId, account);
    this.igByUsername.set(username.toLowerCase(), account);
    this.igByAppScoped.set(account.appScopedId, account);
    return account;
  }

  findInstagramAccount(ref: string): SandboxInstagramAccount | undefined {
    const r = ref.replace(/^@/, '');
    return this.igAccounts.get(r) ?? this.igByUsername.get(r.toLowerCase()) ?? this.igByAppScoped.get(r);
  }

  addFacebookUser(input: { id?: string; name: string }): SandboxFacebookUser {
    const user: SandboxFacebookUser = { id: input.id ?? this.nextFbUserId(), name: input.name, pageIds: [] };
    if (this.fbUsers.has(user.id)) throw new Error(`sandbox: Facebook user ${user.id} already exists`);
    this.fbUsers.set(user.id, user);
    return user;
  }

  addPage(input: PageInput): SandboxPage {
    const ownerId = input.ownerId === null ? undefined : (input.ownerId ?? this.fixtureFacebookUserId);
    const owner = ownerId ? this.fbUsers.get(ownerId) : undefined;
    if (ownerId && !owner) throw new Error(`sandbox: unknown Facebook user ${ownerId}`);
    const page: SandboxPage = {
      id: input.id ?? this.nextPageId(),
      name: input.name,
      category: input.category ?? 'Brand',
      ownerId,
      isLocation: input.isLocation ?? false,
    };
    if (this.pages.has(page.id)) throw new Error(`sandbox: page ${page.id} already exists`);
    if (input.instagram) {
      const ig = this.addInstagramAccount({ accountType: 'BUSINESS', instagramLogin: false, ...input.instagram, pageId: page.id });
      page.igUserId = ig.userId;
    }
    this.pages.set(page.id, page);
    owner?.pageIds.push(page.id);
    return page;
  }

  // ---- authorizations and tokens ---------------------------------------------------------

  authKey(kind: 'instagram' | 'facebook', appId: string, subjectId: string): string {
    return `${kind}:${appId}:${subjectId}`;
  }

  /** Meta keeps one grant per user and app: logging in again replaces its scopes for every token. */
  grant(input: Omit<Authorization, 'key' | 'generation' | 'dataAccessExpiresAt' | 'grantedAt'> & { grantedAt?: number }): Authorization {
    const key = this.authKey(input.kind, input.appId, input.subjectId);
    const grantedAt = input.grantedAt ?? this.clock.now();
    const existing = this.auths.get(key);
    const auth: Authorization = {
      key,
      kind: input.kind,
      appId: input.appId,
      subjectId: input.subjectId,
      scopes: [...input.scopes],
      declined: [...input.declined],
      pageIds: input.pageIds ? [...input.pageIds] : undefined,
      grantedAt,
      dataAccessExpiresAt: grantedAt + LIFETIME.dataAccess,
      generation: existing?.generation ?? 0,
    };
    this.auths.set(key, auth);
    return auth;
  }

  mint(auth: Authorization, kind: TokenKind, extra: { igUserId?: string; fbUserId?: string; pageId?: string; issuedAt?: number; expiresAt?: number }): TokenRecord {
    const issuedAt = extra.issuedAt ?? this.clock.now();
    const expiresAt = extra.expiresAt ?? defaultExpiry(kind, issuedAt);
    const subjects = [extra.igUserId, extra.fbUserId, extra.pageId].filter((s): s is string => !!s);
    const rec: TokenRecord = {
      token: mintToken(kind.startsWith('instagram') ? 'ig' : kind === 'facebook-page' ? 'fb-page' : 'fb'),
      kind,
      appId: auth.appId,
      authKey: auth.key,
      subjects,
      igUserId: extra.igUserId,
      fbUserId: extra.fbUserId,
      pageId: extra.pageId,
      issuedAt,
      expiresAt,
      seq: ++this.tokenSeq,
      generation: auth.generation,
    };
    this.tokens.set(rec.token, rec);
    return rec;
  }

  /** Page tokens are stable per user token and page, as Meta answers the same one on every /me/accounts. */
  pageToken(userToken: TokenRecord, page: SandboxPage): TokenRecord {
    const key = `${userToken.token}|${page.id}`;
    const cached = this.pageTokenCache.get(key);
    const cachedRec = cached ? this.tokens.get(cached) : undefined;
    if (cachedRec && !this.tokenProblem(cachedRec)) return cachedRec;
    const auth = this.auths.get(userToken.authKey);
    if (!auth) throw err.tokenInvalid(458, userToken.appId);
    // A Page token reached through a long-lived user token never expires; through a short one it dies with it.
    const expiresAt = userToken.kind === 'facebook-user-long' ? 0 : userToken.expiresAt;
    const rec = this.mint(auth, 'facebook-page', { fbUserId: userToken.fbUserId, pageId: page.id, igUserId: page.igUserId, expiresAt });
    this.pageTokenCache.set(key, rec.token);
    return rec;
  }

  tokenProblem(rec: TokenRecord): { code: number; subcode?: number; message: string } | undefined {
    if (rec.invalid) return { code: 190, subcode: rec.invalid.subcode, message: rec.invalid.message ?? tokenErrorMessage(rec.invalid.subcode, rec.appId) };
    for (const s of rec.subjects) {
      const inv = this.invalidations.get(s);
      if (inv && rec.seq < inv.beforeSeq) return { code: 190, subcode: inv.subcode, message: inv.message ?? tokenErrorMessage(inv.subcode, rec.appId) };
    }
    const auth = this.auths.get(rec.authKey);
    if (!auth || auth.generation !== rec.generation) return { code: 190, subcode: 458, message: tokenErrorMessage(458, rec.appId) };
    const now = this.clock.now();
    if (rec.expiresAt && now >= rec.expiresAt) {
      return { code: 190, subcode: 463, message: `${tokenErrorMessage(463, new Date(rec.expiresAt).toUTCString())} The current time is ${new Date(now).toUTCString()}.` };
    }
    if (auth.kind === 'facebook' && now >= auth.dataAccessExpiresAt) {
      // Meta names no dedicated subcode for lapsed data access; 190 alone still means "reconnect".
      return { code: 190, message: 'Error validating access token: Data access has expired for this user and app. The user must log in again.' };
    }
    return undefined;
  }

  /** Resolve a token or throw the 190 Meta would answer. */
  requireToken(token: string | undefined, family: 'instagram' | 'facebook'): TokenRecord {
    if (!token) {
      throw new GraphError({ code: 104, message: 'An access token is required to request this resource.' });
    }
    const rec = this.tokens.get(token);
    if (!rec || (family === 'instagram') !== rec.kind.startsWith('instagram')) throw err.tokenInvalid();
    const problem = this.tokenProblem(rec);
    if (problem) throw new GraphError({ code: problem.code, subcode: problem.subcode, message: problem.message });
    return rec;
  }

  scopesOf(rec: TokenRecord): string[] {
    return this.auths.get(rec.authKey)?.scopes ?? [];
  }

  tokenInfo(token: string): SandboxTokenInfo | undefined {
    const rec = this.tokens.get(token);
    if (!rec) return undefined;
    const auth = this.auths.get(rec.authKey);
    const ig = rec.igUserId ? this.igAccounts.get(rec.igUserId) : undefined;
    const problem = this.tokenProblem(rec);
    return {
      accessToken: rec.token,
      kind: rec.kind,
      appId: rec.appId,
      issuedAt: rec.issuedAt,
      expiresAt: rec.expiresAt,
      scopes: auth ? [...auth.scopes] : [],
      declined: auth ? [...auth.declined] : [],
      igUserId: rec.igUserId,
      appScopedId: rec.kind.startsWith('instagram') ? ig?.appScopedId : undefined,
      username: ig?.username,
      fbUserId: rec.fbUserId,
      pageId: rec.pageId,
      dataAccessExpiresAt: auth?.kind === 'facebook' ? auth.dataAccessExpiresAt : undefined,
      invalid: problem,
    };
  }

  issueToken(spec: IssueTokenSpec): SandboxTokenInfo {
    const opts = this.options();
    if (spec.kind === 'instagram') {
      const account = this.findInstagramAccount(spec.account);
      if (!account) throw new Error(`sandbox: unknown Instagram account ${spec.account}`);
      const scopes = spec.scopes ?? [...INSTAGRAM_SCOPES];
      const auth = this.grant({ kind: 'instagram', appId: opts.instagramApp.appId, subjectId: account.userId, scopes, declined: [], grantedAt: spec.issuedAt });
      const rec = this.mint(auth, spec.longLived === false ? 'instagram-short' : 'instagram-long', {
        igUserId: account.userId,
        issuedAt: spec.issuedAt,
        expiresAt: spec.expiresAt,
      });
      return this.tokenInfo(rec.token)!;
    }
    if (spec.kind === 'facebook-user') {
      const user = this.fbUsers.get(spec.user ?? this.fixtureFacebookUserId);
      if (!user) throw new Error(`sandbox: unknown Facebook user ${spec.user}`);
      const auth = this.grant({
        kind: 'facebook',
        appId: opts.facebookApp.appId,
        subjectId: user.id,
        scopes: spec.scopes ?? [...FACEBOOK_SCOPES],
        declined: [],
        pageIds: spec.pages,
        grantedAt: spec.issuedAt,
      });
      const rec = this.mint(auth, spec.longLived === false ? 'facebook-user-short' : 'facebook-user-long', {
        fbUserId: user.id,
        issuedAt: spec.issuedAt,
        expiresAt: spec.expiresAt,
      });
      return this.tokenInfo(rec.token)!;
    }
    const page = this.pages.get(spec.page) ?? this.pageOfInstagram(spec.page);
    if (!page) throw new Error(`sandbox: unknown page ${spec.page}`);
    if (!page.ownerId) throw new Error(`sandbox: page ${page.id} has no owner to mint a token for`);
    const key = this.authKey('facebook', opts.facebookApp.appId, page.ownerId);
    const auth =
      spec.scopes || !this.auths.has(key)
        ? this.grant({ kind: 'facebook', appId: opts.facebookApp.appId, subjectId: page.ownerId, scopes: spec.scopes ?? [...FACEBOOK_SCOPES], declined: [], grantedAt: spec.issuedAt })
        : this.auths.get(key)!;
    const rec = this.mint(auth, 'facebook-page', {
      fbUserId: page.ownerId,
      pageId: page.id,
      igUserId: page.igUserId,
      issuedAt: spec.issuedAt,
      expiresAt: spec.expiresAt ?? 0,
    });
    return this.tokenInfo(rec.token)!;
  }

  pageOfInstagram(ref: string): SandboxPage | undefined {
    const ig = this.findInstagramAccount(ref);
    return ig?.pageId ? this.pages.get(ig.pageId) : undefined;
  }

  /** Pages a Facebook token may act for: a Page token its page; a user token the pages ticked in the dialog. */
  pagesOf(rec: TokenRecord): SandboxPage[] {
    if (rec.kind === 'facebook-page') {
      const p = rec.pageId ? this.pages.get(rec.pageId) : undefined;
      return p ? [p] : [];
    }
    const user = rec.fbUserId ? this.fbUsers.get(rec.fbUserId) : undefined;
    if (!user) return [];
    const granted = this.auths.get(rec.authKey)?.pageIds;
    return user.pageIds.filter((id) => !granted || granted.includes(id)).map((id) => this.pages.get(id)!).filter(Boolean);
  }

  invalidate(ref: string, subcode = 460): void {
    const rec = this.tokens.get(ref);
    if (rec) {
      rec.invalid = { subcode };
      return;
    }
    const subject = this.findInstagramAccount(ref)?.userId ?? (this.fbUsers.has(ref) || this.pages.has(ref) ? ref : undefined);
    if (!subject) throw new Error(`sandbox: nothing to invalidate for ${ref}`);
    this.invalidations.set(subject, { beforeSeq: this.tokenSeq + 1, subcode });
  }

  revokeSubject(kind: 'instagram' | 'facebook', appId: string, subjectId: string): void {
    const auth = this.auths.get(this.authKey(kind, appId, subjectId));
    if (!auth) return;
    auth.generation++;
    auth.scopes = [];
  }

  // ---- containers and quota --------------------------------------------------------------

  /** Timestamps inside the rolling 24 h window, pruning older ones in place. */
  windowed(map: Map<string, number[]>, igUserId: string): number[] {
    const list = map.get(igUserId);
    if (!list) return [];
    const since = this.clock.now() - DAY;
    let drop = 0;
    while (drop < list.length && list[drop] <= since) drop++;
    if (drop) list.splice(0, drop);
    return list;
  }

  record(map: Map<string, number[]>, igUserId: string): void {
    let list = map.get(igUserId);
    if (!list) map.set(igUserId, (list = []));
    list.push(this.clock.now());
  }

  // ---- facade ---------------------------------------------------------------------------

  private createAccountsApi(): SandboxAccounts {
    const self = this;
    return {
      get facebookUserId() {
        return self.fixtureFacebookUserId;
      },
      addInstagramAccount: (input) => self.addInstagramAccount(input),
      updateInstagramAccount(ref, patch) {
        const acc = self.findInstagramAccount(ref);
        if (!acc) throw new Error(`sandbox: unknown Instagram account ${ref}`);
        if (patch.username && patch.username !== acc.username) {
          self.igByUsername.delete(acc.username.toLowerCase());
          self.igByUsername.set(patch.username.toLowerCase(), acc);
        }
        Object.assign(acc, patch);
        return acc;
      },
      getInstagramAccount: (ref) => self.findInstagramAccount(ref),
      listInstagramAccounts: (filter) =>
        [...self.igAccounts.values()].filter((a) => filter?.instagramLogin === undefined || a.instagramLogin === filter.instagramLogin),
      addFacebookUser: (input) => self.addFacebookUser(input),
      getFacebookUser: (ref) => self.fbUsers.get(ref ?? self.fixtureFacebookUserId),
      listFacebookUsers: () => [...self.fbUsers.values()],
      addPage: (input) => self.addPage(input),
      getPage: (id) => self.pages.get(id),
      listPages: (ownerId) => [...self.pages.values()].filter((p) => ownerId === undefined || p.ownerId === ownerId),
      invalidateToken: (ref, subcode) => self.invalidate(ref, subcode),
      revokeApp(ref) {
        const opts = self.options();
        const ig = self.findInstagramAccount(ref);
        if (ig) return self.revokeSubject('instagram', opts.instagramApp.appId, ig.userId);
        if (self.fbUsers.has(ref)) return self.revokeSubject('facebook', opts.facebookApp.appId, ref);
        throw new Error(`sandbox: unknown account or user ${ref}`);
      },
      tokenInfo: (token) => self.tokenInfo(token),
    };
  }
}

function defaultExpiry(kind: TokenKind, issuedAt: number): number {
  switch (kind) {
    case 'instagram-short':
      return issuedAt + LIFETIME.instagramShort;
    case 'instagram-long':
      return issuedAt + LIFETIME.instagramLongSec * 1000;
    case 'facebook-user-short':
      return issuedAt + LIFETIME.facebookShortSec * 1000;
    case 'facebook-user-long':
      return issuedAt + LIFETIME.facebookLongSec * 1000;
    case 'facebook-page':
      return 0;
  }
}
