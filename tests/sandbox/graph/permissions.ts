import type { SandboxCore } from '../context';
import { err } from '../errors';
import type { Host, TokenRecord } from '../state';

/** The scope each action needs, as Instagram Login and Facebook Login name it. */
export const SCOPES = {
  read: { instagram: 'instagram_business_basic', facebook: 'instagram_basic' },
  publish: { instagram: 'instagram_business_content_publish', facebook: 'instagram_content_publish' },
  comments: { instagram: 'instagram_business_manage_comments', facebook: 'instagram_manage_comments' },
  insights: { instagram: 'instagram_business_manage_insights', facebook: 'instagram_manage_insights' },
} as const satisfies Record<string, Record<Host, string>>;

export type Action = keyof typeof SCOPES;

interface Caller {
  core: SandboxCore;
  token: TokenRecord;
  host: Host;
}

/** Throw Meta's code 10 unless the token's grant holds the action's scope (and, on Facebook Login, instagram_basic). */
export function requireScope({ core, token, host }: Caller, action: Action, what: string): void {
  const scopes = core.state.tokens.scopesOf(token);
  const needed = SCOPES[action][host];
  if (!scopes.includes(needed)) throw err.permission(needed, what);
  if (host === 'facebook' && action !== 'read' && !scopes.includes(SCOPES.read.facebook)) throw err.permission(SCOPES.read.facebook, what);
}

/** An Instagram Login token acts for its own account; a Facebook token for the accounts of its Pages. */
export function canActFor(core: SandboxCore, token: TokenRecord, host: Host, igUserId: string): boolean {
  if (host === 'instagram') return token.igUserId === igUserId;
  return core.state.tokens.pagesOf(token).some((p) => p.igUserId === igUserId);
}
