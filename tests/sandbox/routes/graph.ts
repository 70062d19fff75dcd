import type { RequestContext, SandboxCore } from '../context';
import { GraphError, err } from '../errors';
import type { SandboxResponse } from '../http-util';
import { appsecretProof } from '../ids';
import type { TokenRecord } from '../state';
import { facebookAccounts, facebookDebugToken, facebookMe, facebookOauthAccessToken, facebookPage, facebookPermissions } from './facebook-login';
import { instagramLongLived, instagramRefresh } from './instagram-login';
import { instagramUserNode, parseFields, pick } from './profile';
import { canActFor, comments, createContainer, getContainer, getMedia, listMedia, publishContainer, publishingLimit, requireAccount, requireScope, type Host } from './publishing';

const IG_PROFILE_DEFAULTS = ['id'];
const FB_PROFILE_DEFAULTS = ['id'];

function noCurrentUser(): GraphError {
  return new GraphError({ code: 2500, message: 'An active access token must be used to query information about the current user.' });
}

/** graph.instagram.com: unversioned token endpoints, versioned nodes. */
export async function instagramGraph(ctx: RequestContext, core: SandboxCore): Promise<SandboxResponse> {
  const seg = ctx.segments;
  if (seg.length === 1 && seg[0] === 'access_token') return instagramLongLived(ctx, core);
  if (seg.length === 1 && seg[0] === 'refresh_access_token') return instagramRefresh(ctx, core);
  if (seg.length === 0) throw err.unknownPath('/');
  if (seg.length > 2) throw err.unknownPath(`/${seg.slice(2).join('/')}`);
  if (seg[0] === 'me' && !ctx.token) throw noCurrentUser();
  const rec = core.state.requireToken(ctx.token, 'instagram');
  const viaMe = seg[0] === 'me';
  return graphNode(ctx, core, rec, 'instagram', viaMe ? rec.igUserId! : seg[0], seg[1], viaMe);
}

/** graph.facebook.com: every call carrying a user or Page token needs appsecret_proof. */
export async function facebookGraph(ctx: RequestContext, core: SandboxCore): Promise<SandboxResponse> {
  const seg = ctx.segments;
  if (seg.length === 2 && seg[0] === 'oauth' && seg[1] === 'access_token') return facebookOauthAccessToken(ctx, core);
  if (seg.length === 0) throw err.unknownPath('/');
  if (seg.length === 1 && seg[0] === 'debug_token') {
    if (!ctx.token) throw err.param('(#100) You must provide an app access token, or a user access token that is an owner or developer of the app');
    if (ctx.token.includes('|')) requireAppToken(ctx.token, core);
    else authFacebook(ctx, core);
    return facebookDebugToken(ctx, core);
  }
  const permissionPath = seg.length === 3 && seg[1] === 'permissions';
  if (seg.length > 3 || (seg.length === 3 && !permissionPath)) throw err.unknownPath(`/${seg.slice(2).join('/')}`);
  if (seg[0] === 'me' && !ctx.token) throw noCurrentUser();
  const rec = authFacebook(ctx, core);
  const selfUser = seg[0] === 'me' || (rec.kind !== 'facebook-page' && seg[0] === rec.fbUserId);
  const selfPage = seg[0] === 'me' && rec.kind === 'facebook-page';
  if (selfUser && !selfPage) {
    if (seg.length === 1) {
      if (ctx.method !== 'GET') throw err.unsupported(ctx.method, seg[0]);
      return facebookMe(ctx, core, rec);
    }
    if (seg[1] === 'permissions') return facebookPermissions(ctx, core, rec, seg[2]);
    if (seg[1] === 'accounts') return facebookAccounts(ctx, core, rec);
    throw err.nonexistingField(seg[1], 'User');
  }
  if (seg.length === 3) throw err.unknownPath(`/${seg.slice(2).join('/')}`);
  return graphNode(ctx, core, rec, 'facebook', selfPage ? rec.pageId! : seg[0], seg[1], false);
}

function requireAppToken(token: string, core: SandboxCore): void {
  const app = core.options().facebookApp;
  if (token !== `${app.appId}|${app.appSecret}`) throw new GraphError({ code: 190, message: 'Invalid OAuth access token signature.' });
}

function authFacebook(ctx: RequestContext, core: SandboxCore): TokenRecord {
  const token = ctx.token;
  if (!token) throw new GraphError({ code: 104, message: 'An access token is required to request this resource.' });
  if (token.includes('|')) {
    requireAppToken(token, core);
    throw new GraphError({ code: 200, message: '(#200) An app access token cannot act for a user or a Page; use a user or Page access token' });
  }
  const rec = core.state.tokens.get(token);
  if (rec && rec.kind.startsWith('facebook')) {
    const opts = core.options();
    const sent = ctx.params.appsecret_proof;
    const stats = core.stats.appsecretProof;
    if (sent === undefined || sent === '') {
      if (opts.requireAppsecretProof) {
        ctx.appsecretProof = 'missing';
        stats.missing++;
        throw new GraphError({ code: 100, message: 'API calls from the server require an appsecret_proof argument', type: 'GraphMethodException' });
      }
      ctx.appsecretProof = 'not-required';
    } else if (sent.toLowerCase() !== appsecretProof(token, opts.facebookApp.appSecret)) {
      ctx.appsecretProof = 'invalid';
      stats.invalid++;
      throw new GraphError({ code: 100, message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException' });
    } else {
      ctx.appsecretProof = 'valid';
      stats.valid++;
    }
  }
  return core.state.requireToken(token, 'facebook');
}

/** Nodes both graph hosts share: IG users, containers, media; plus Pages on graph.facebook.com. */
async function graphNode(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, host: Host, id: string, edge: string | undefined, viaMe: boolean): Promise<SandboxResponse> {
  const state = core.state;
  const method = ctx.method;

  if (state.igAccounts.has(id)) {
    const account = requireAccount(core, rec, host, id, method);
    if (edge === undefined) {
      if (method !== 'GET') throw err.unsupported(method, id);
      requireScope(core, rec, host, 'read', 'read the profile');
      const node = instagramUserNode(core, account, host, viaMe);
      return { status: 200, json: pick(node, parseFields(ctx.params.fields), host === 'instagram' ? IG_PROFILE_DEFAULTS : FB_PROFILE_DEFAULTS, 'IGUser') };
    }
    switch (edge) {
      case 'media':
        if (method === 'POST') return createContainer(ctx, core, rec, host, account);
        if (method === 'GET') {
          requireScope(core, rec, host, 'read', 'list media');
          return listMedia(ctx, core, account, 'feed');
        }
        throw err.unsupported(method, id);
      case 'stories':
        if (method !== 'GET') throw err.unsupported(method, id);
        requireScope(core, rec, host, 'read', 'list stories');
        return listMedia(ctx, core, account, 'stories');
      case 'media_publish':
        if (method !== 'POST') throw err.unsupported(method, id);
        return publishContainer(ctx, core, rec, host, account);
      case 'content_publishing_limit':
        if (method !== 'GET') throw err.unsupported(method, id);
        return publishingLimit(ctx, core, rec, host, account);
      default:
        throw err.nonexistingField(edge, 'IGUser');
    }
  }

  const container = state.containers.get(id);
  if (container) {
    if (!canActFor(core, rec, host, container.igUserId)) throw err.unsupported(method, id);
    if (edge !== undefined) throw err.nonexistingField(edge, 'ShadowIGMediaBuilder');
    if (method !== 'GET') throw err.unsupported(method, id);
    return getContainer(ctx, core, container);
  }

  const media = state.media.get(id);
  if (media) {
    if (!canActFor(core, rec, host, media.igUserId)) throw err.unsupported(method, id);
    if (edge === 'comments') {
      if (method !== 'GET' && method !== 'POST') throw err.unsupported(method, id);
      return comments(ctx, core, rec, host, media);
    }
    if (edge === 'children') {
      if (method !== 'GET') throw err.unsupported(method, id);
      return { status: 200, json: { data: (media.children ?? []).map((c) => ({ id: c })) } };
    }
    if (edge !== undefined) throw err.nonexistingField(edge, 'IGMedia');
    if (method !== 'GET') throw err.unsupported(method, id);
    requireScope(core, rec, host, 'read', 'read media');
    return getMedia(ctx, media);
  }

  if (host === 'facebook') {
    const page = state.pages.get(id);
    if (page) {
      if (edge !== undefined) throw err.nonexistingField(edge, 'Page');
      return facebookPage(ctx, core, rec, page);
    }
  }
  throw err.unsupported(method, id);
}
