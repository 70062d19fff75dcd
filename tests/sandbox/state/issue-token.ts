import type { IssueTokenSpec, ResolvedSandboxOptions, SandboxTokenInfo } from '../types';
import type { Directory } from './directory';
import { FACEBOOK_SCOPES, INSTAGRAM_SCOPES } from './scopes';
import type { TokenBook } from './tokens';

/** Mint a token without a login (sb.issueToken): a grant with the chosen scopes, then the token itself. */
export function issueToken(directory: Directory, tokens: TokenBook, options: ResolvedSandboxOptions, spec: IssueTokenSpec): SandboxTokenInfo {
  const times = { issuedAt: spec.issuedAt, expiresAt: spec.expiresAt };
  if (spec.kind === 'instagram') {
    const account = directory.findInstagramAccount(spec.account);
    if (!account) throw new Error(`sandbox: unknown Instagram account ${spec.account}`);
    const scopes = spec.scopes ?? [...INSTAGRAM_SCOPES];
    const auth = tokens.grant({ kind: 'instagram', appId: options.instagramApp.appId, subjectId: account.userId, scopes, declined: [], grantedAt: spec.issuedAt });
    const rec = tokens.mint(auth, spec.longLived === false ? 'instagram-short' : 'instagram-long', { igUserId: account.userId, ...times });
    return tokens.info(rec.token)!;
  }
  const appId = options.facebookApp.appId;
  if (spec.kind === 'facebook-user') {
    const user = directory.fbUsers.get(spec.user ?? directory.fixtureFacebookUserId);
    if (!user) throw new Error(`sandbox: unknown Facebook user ${spec.user}`);
    const scopes = spec.scopes ?? [...FACEBOOK_SCOPES];
    const auth = tokens.grant({ kind: 'facebook', appId, subjectId: user.id, scopes, declined: [], pageIds: spec.pages, grantedAt: spec.issuedAt });
    const rec = tokens.mint(auth, spec.longLived === false ? 'facebook-user-short' : 'facebook-user-long', { fbUserId: user.id, ...times });
    return tokens.info(rec.token)!;
  }
  const page = directory.pages.get(spec.page) ?? directory.pageOfInstagram(spec.page);
  if (!page) throw new Error(`sandbox: unknown page ${spec.page}`);
  if (!page.ownerId) throw new Error(`sandbox: page ${page.id} has no owner to mint a token for`);
  // A Page token without chosen scopes joins the owner's existing grant, as one reached through /me/accounts would.
  const existing = spec.scopes ? undefined : tokens.authorization('facebook', appId, page.ownerId);
  const auth =
    existing ?? tokens.grant({ kind: 'facebook', appId, subjectId: page.ownerId, scopes: spec.scopes ?? [...FACEBOOK_SCOPES], declined: [], grantedAt: spec.issuedAt });
  const rec = tokens.mint(auth, 'facebook-page', { fbUserId: page.ownerId, pageId: page.id, igUserId: page.igUserId, issuedAt: spec.issuedAt, expiresAt: spec.expiresAt ?? 0 });
  return tokens.info(rec.token)!;
}
