import type { SandboxCore } from '../context';
import { fieldsOf } from '../graph/fields';
import { IG_USER } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { RouteModule } from '../graph/router';
import { ok } from '../http/answer';
import type { Host } from '../state';
import type { SandboxInstagramAccount } from '../types';

/** The Instagram account's profile: GET /me or /{ig-user-id} on either Graph host. */
export const profileRoutes: RouteModule = (r) => {
  r.node(IG_USER, {
    GET: (call) => {
      requireScope(call, 'read', 'read the profile');
      return ok(fieldsOf(instagramUserNode(call.core, call.node, call.host, call.viaMe), call.ctx.params, ['id'], 'IGUser'));
    },
  });
};

export function avatarUrl(core: SandboxCore, a: Pick<SandboxInstagramAccount, 'username' | 'profilePictureUrl'>): string {
  return a.profilePictureUrl ?? `${core.baseUrl()}/cdn/avatars/${encodeURIComponent(a.username)}.svg`;
}

/** Feed posts and reels the sandbox published for the account (stories do not count in media_count). */
function publishedCount(core: SandboxCore, igUserId: string): number {
  let n = 0;
  for (const m of core.state.media.ofUser(igUserId)) if (m.productType !== 'STORY') n++;
  return n;
}

/** The IG User node as each host shows it: graph.instagram.com has user_id/account_type; graph.facebook.com has ig_id. */
function instagramUserNode(core: SandboxCore, a: SandboxInstagramAccount, host: Host, viaMe: boolean): Record<string, unknown> {
  const common = {
    username: a.username,
    name: a.name,
    profile_picture_url: avatarUrl(core, a),
    followers_count: a.followersCount,
    follows_count: a.followsCount,
    media_count: a.mediaCount + publishedCount(core, a.userId),
    biography: a.biography,
    website: a.website,
  };
  if (host === 'instagram') {
    return { id: viaMe ? a.appScopedId : a.userId, user_id: a.userId, account_type: a.accountType, ...common };
  }
  return { id: a.userId, ig_id: Number(a.userId.slice(-10)), ...common };
}
