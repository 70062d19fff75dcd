import type { SandboxClock } from '../clock';
import { GraphError, err, tokenErrorMessage } from '../errors';
import { mintToken } from '../ids';
import type { SandboxPage, SandboxTokenInfo, TokenKind } from '../types';
import type { Directory } from './directory';
import { LIFETIME } from './scopes';

export type LoginKind = 'instagram' | 'facebook';

/** One grant per user and app, as Meta keeps it. */
export interface Authorization {
  key: string;
  kind: LoginKind;
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

export interface TokenProblem {
  code: number;
  subcode?: number;
  message: string;
}

export type GrantInput = Omit<Authorization, 'key' | 'generation' | 'dataAccessExpiresAt' | 'grantedAt'> & { grantedAt?: number };
export type MintExtra = { igUserId?: string; fbUserId?: string; pageId?: string; issuedAt?: number; expiresAt?: number };

interface Invalidation {
  beforeSeq: number;
  subcode?: number;
  message?: string;
}

/** Grants and access tokens: minting, the 190 answers of dead tokens, invalidation and app removal. */
export class TokenBook {
  private readonly auths = new Map<string, Authorization>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly pageTokenCache = new Map<string, string>();
  private readonly invalidations = new Map<string, Invalidation>();
  private tokenSeq = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly directory: Directory,
  ) {}

  static authKey(kind: LoginKind, appId: string, subjectId: string): string {
    return `${kind}:${appId}:${subjectId}`;
  }

  get(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }

  authorization(kind: LoginKind, appId: string, subjectId: string): Authorization | undefined {
    return this.auths.get(TokenBook.authKey(kind, appId, subjectId));
  }

  /** The grant a token was minted under (gone only after a reset). */
  authOf(rec: TokenRecord): Authorization | undefined {
    return this.auths.get(rec.authKey);
  }

  /** Meta keeps one grant per user and app: logging in again replaces its scopes for every token. */
  grant(input: GrantInput): Authorization {
    const key = TokenBook.authKey(input.kind, input.appId, input.subjectId);
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

  mint(auth: Authorization, kind: TokenKind, extra: MintExtra): TokenRecord {
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
    if (cachedRec && !this.problem(cachedRec)) return cachedRec;
    const auth = this.auths.get(userToken.authKey);
    if (!auth) throw err.tokenInvalid(458, userToken.appId);
    // A Page token reached through a long-lived user token never expires; through a short one it dies with it.
    const expiresAt = userToken.kind === 'facebook-user-long' ? 0 : userToken.expiresAt;
    const rec = this.mint(auth, 'facebook-page', { fbUserId: userToken.fbUserId, pageId: page.id, igUserId: page.igUserId, expiresAt });
    this.pageTokenCache.set(key, rec.token);
    return rec;
  }

  /** Why a token no longer works (the 190 Meta would answer), or undefined while it does. */
  problem(rec: TokenRecord): TokenProblem | undefined {
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

  /** Resolve a token or throw the 104/190 Meta would answer. */
  require(token: string | undefined, family: LoginKind): TokenRecord {
    if (!token) {
      throw new GraphError({ code: 104, message: 'An access token is required to request this resource.' });
    }
    const rec = this.tokens.get(token);
    if (!rec || (family === 'instagram') !== rec.kind.startsWith('instagram')) throw err.tokenInvalid();
    const problem = this.problem(rec);
    if (problem) throw new GraphError({ code: problem.code, subcode: problem.subcode, message: problem.message });
    return rec;
  }

  scopesOf(rec: TokenRecord): string[] {
    return this.auths.get(rec.authKey)?.scopes ?? [];
  }

  /** Pages a Facebook token may act for: a Page token its page; a user token the pages ticked in the dialog. */
  pagesOf(rec: TokenRecord): SandboxPage[] {
    if (rec.kind === 'facebook-page') {
      const p = rec.pageId ? this.directory.pages.get(rec.pageId) : undefined;
      return p ? [p] : [];
    }
    const user = rec.fbUserId ? this.directory.fbUsers.get(rec.fbUserId) : undefined;
    if (!user) return [];
    const granted = this.auths.get(rec.authKey)?.pageIds;
    return this.directory.pagesOfUser(user).filter((p) => !granted || granted.includes(p.id));
  }

  info(token: string): SandboxTokenInfo | undefined {
    const rec = this.tokens.get(token);
    if (!rec) return undefined;
    const auth = this.auths.get(rec.authKey);
    const ig = rec.igUserId ? this.directory.igAccounts.get(rec.igUserId) : undefined;
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
      invalid: this.problem(rec),
    };
  }

  /** Kill one token (ref = the token) or every token so far of an account, Facebook user or page. */
  invalidate(ref: string, subcode = 460): void {
    const rec = this.tokens.get(ref);
    if (rec) {
      rec.invalid = { subcode };
      return;
    }
    const d = this.directory;
    const subject = d.findInstagramAccount(ref)?.userId ?? (d.fbUsers.has(ref) || d.pages.has(ref) ? ref : undefined);
    if (!subject) throw new Error(`sandbox: nothing to invalidate for ${ref}`);
    this.invalidations.set(subject, { beforeSeq: this.tokenSeq + 1, subcode });
  }

  /** The user removes the app: its grant empties and every token minted under it dies with 190/458. */
  revoke(kind: LoginKind, appId: string, subjectId: string): void {
    const auth = this.authorization(kind, appId, subjectId);
    if (!auth) return;
    auth.generation++;
    auth.scopes = [];
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
