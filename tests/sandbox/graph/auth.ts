import type { RequestContext, SandboxCore } from '../context';
import { GraphError } from '../errors';
import { appsecretProof } from '../ids';
import type { Host, TokenRecord } from '../state';

/** The token of a Graph node call, or the 104/190/100 Meta answers instead. */
export function authenticate(host: Host, ctx: RequestContext, core: SandboxCore): TokenRecord {
  return host === 'instagram' ? core.state.tokens.require(ctx.token, 'instagram') : authFacebook(ctx, core);
}

/** An app token is `{app-id}|{app-secret}`. */
export function requireAppToken(token: string, core: SandboxCore): void {
  const app = core.options().facebookApp;
  if (token !== `${app.appId}|${app.appSecret}`) throw new GraphError({ code: 190, message: 'Invalid OAuth access token signature.' });
}

/** graph.facebook.com: every call carrying a user or Page token needs appsecret_proof (counted in sb.stats). */
export function authFacebook(ctx: RequestContext, core: SandboxCore): TokenRecord {
  const token = ctx.token;
  if (!token) throw new GraphError({ code: 104, message: 'An access token is required to request this resource.' });
  if (token.includes('|')) {
    requireAppToken(token, core);
    throw new GraphError({ code: 200, message: '(#200) An app access token cannot act for a user or a Page; use a user or Page access token' });
  }
  const rec = core.state.tokens.get(token);
  if (rec && rec.kind.startsWith('facebook')) checkAppsecretProof(ctx, core, token);
  return core.state.tokens.require(token, 'facebook');
}

function checkAppsecretProof(ctx: RequestContext, core: SandboxCore, token: string): void {
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
