import type { SandboxCore } from '../context';
import { err } from '../errors';
import type { SandboxInstagramAccount } from '../types';

/** `fields=a,b{c},d` → ['a','b','d']; nested selections are answered with the sandbox's own default sub-fields. */
export function parseFields(raw: string | undefined): string[] | undefined {
  if (!raw) return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of raw) {
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      continue;
    }
    if (depth === 0 && ch !== '}' && ch !== ')') cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((f) => f.replace(/\..*$/, ''));
}

/** Graph answers only what was asked (plus id); unknown fields are an error, empty values are omitted. */
export function pick(node: Record<string, unknown>, fields: string[] | undefined, defaults: string[], nodeType: string): Record<string, unknown> {
  const wanted = fields ?? defaults;
  const out: Record<string, unknown> = {};
  for (const f of wanted) {
    if (!(f in node)) throw err.nonexistingField(f, nodeType);
    const v = node[f];
    if (v !== undefined && v !== null) out[f] = v;
  }
  if (node.id !== undefined && out.id === undefined) out.id = node.id;
  return out;
}

export function avatarUrl(core: SandboxCore, a: SandboxInstagramAccount): string {
  return a.profilePictureUrl ?? `${core.baseUrl()}/cdn/avatars/${encodeURIComponent(a.username)}.svg`;
}

export function publishedCount(core: SandboxCore, igUserId: string): number {
  let n = 0;
  for (const id of core.state.mediaByUser.get(igUserId) ?? []) if (core.state.media.get(id)?.productType !== 'STORY') n++;
  return n;
}

/** The IG User node as each host shows it: graph.instagram.com has user_id/account_type; graph.facebook.com has ig_id. */
export function instagramUserNode(core: SandboxCore, a: SandboxInstagramAccount, host: 'instagram' | 'facebook', viaMe: boolean): Record<string, unknown> {
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
