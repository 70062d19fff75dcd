import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallLog } from '../call-log';
import type { RequestContext, SandboxCore } from '../context';
import { describeFault, type FaultBook } from '../faults';
import type { SandboxRouter } from '../graph/router';
import { avatarSvg } from '../html';
import { isPostPagePath, postPage } from '../routes/post-pages';
import type { SandboxApi, SandboxCall } from '../types';
import { errorAnswer, faultAnswer, loggedBody, send, type SandboxResponse } from './answer';
import { mergeParams, parseBody, readBody, searchParamsToRecord } from './body';
import { apiPrefixOf, extractToken, splitApiPath } from './request';
import type { Sleepers } from './sleepers';
import { accountOf, usageHeaders, usageThrottle } from './usage';

/** A hung call is dropped after this long even when its client never gives up. */
const HANG_LIMIT_MS = 120_000;

export interface HandlerDeps {
  core: SandboxCore;
  faults: FaultBook;
  log: CallLog;
  router: SandboxRouter;
  sleepers: Sleepers;
}

/** How an API call ended: the answer, or a dropped connection, and what the call log notes about it. */
interface Outcome {
  response: SandboxResponse;
  drop?: boolean;
  fault?: string;
  appsecretProof?: SandboxCall['appsecretProof'];
}

/**
 * The request pipeline: browser pages (not logged); otherwise parse the call, apply an injected fault,
 * wait the latency, dispatch to the routes, log the call and send the answer.
 */
export function createHandler({ core, faults, log, router, sleepers }: HandlerDeps) {
  /** Faults, latency and the routes; undefined when the sandbox closed while the call waited. */
  async function answer(ctx: RequestContext, clientGone: Promise<void>): Promise<Outcome | undefined> {
    const fault = faults.take({ method: ctx.method, api: ctx.api, path: ctx.path, params: ctx.params, account: accountOf(core, ctx) });
    if (fault?.containerError) ctx.containerError = fault.containerError;
    await sleepers.sleep(core.options().latencyMs);
    if (fault?.delayMs) await sleepers.sleep(fault.delayMs);
    if (core.isClosed()) return undefined;
    const noted = { fault: fault ? (fault.label ?? describeFault(fault)) : undefined };
    const before = fault !== undefined && !fault.afterEffect;
    if (before && fault.hang) await sleepers.hold(clientGone, HANG_LIMIT_MS);
    if (before && (fault.dropConnection || fault.hang)) return { response: { status: 0 }, drop: true, ...noted };
    const throttle = usageThrottle(core, ctx);
    let response =
      (before ? faultAnswer(fault) : undefined) ?? (throttle ? errorAnswer(throttle) : await router.dispatch(ctx, core).catch(errorAnswer));
    let drop = false;
    // afterEffect: the work is done, yet the client sees an error or a reset, and cannot know it worked.
    if (fault?.afterEffect) {
      if (fault.hang) await sleepers.hold(clientGone, HANG_LIMIT_MS);
      if (fault.dropConnection || fault.hang) {
        drop = true;
        response = { status: 0, json: response.json };
      } else {
        response = faultAnswer(fault) ?? response;
      }
    }
    // Every graph answer carries the usage headers; a fault's own (throttling) headers win.
    response = { ...response, headers: { ...usageHeaders(core, ctx), ...(response.headers ?? {}) } };
    return { response, drop, ...noted, appsecretProof: ctx.appsecretProof };
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // Fires when the client hangs up before an answer (a hung call waits for it).
    const clientGone = new Promise<void>((resolve) => res.once('close', () => resolve()));
    const at = core.clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', core.baseUrl() || 'http://sandbox.invalid');
    const pathname = url.pathname;
    const page = browserPage(core, method, pathname);
    if (page) {
      send(res, page, undefined);
      return;
    }

    const prefix = apiPrefixOf(pathname);
    const query = searchParamsToRecord(url.searchParams);
    const headers = { ...req.headers };
    let api: SandboxApi | 'unknown' = 'unknown';
    let path = pathname;
    let segments: string[] = [];
    let version: string | undefined;
    let body: unknown;
    let token: string | undefined;
    let outcome: Outcome;
    try {
      if (prefix) {
        api = prefix.api;
        ({ segments, version, path } = splitApiPath(pathname, prefix.prefix));
      }
      body = parseBody(await readBody(req), req.headers['content-type']);
      if (!prefix) {
        outcome = { response: unknownPrefix(pathname) };
      } else {
        const params = mergeParams(query, body);
        token = extractToken(req.headers, params);
        const ctx: RequestContext = { method, api: prefix.api, path, segments, version, query, body, params, headers: req.headers, token, apiBase: `${core.baseUrl()}${prefix.prefix}` };
        const answered = await answer(ctx, clientGone);
        if (!answered) return;
        outcome = answered;
      }
    } catch (e) {
      outcome = { response: errorAnswer(e) };
    }

    const { response } = outcome;
    log.record({
      at,
      method,
      api,
      path,
      version,
      query,
      body,
      headers,
      status: response.status,
      response: loggedBody(response),
      token,
      appsecretProof: outcome.appsecretProof,
      fault: outcome.fault,
      durationMs: Date.now() - started,
    });
    if (outcome.drop) {
      req.socket.destroy();
      return;
    }
    send(res, response, version);
  };
}

/** What a browser opens on the sandbox host besides the APIs: health check, avatars, permalink pages. */
function browserPage(core: SandboxCore, method: string, pathname: string): SandboxResponse | undefined {
  if (pathname === '/healthz') return { status: 200, text: 'ok' };
  const avatar = /^\/cdn\/avatars\/([^/]+)\.svg$/.exec(pathname);
  if (avatar) return { status: 200, text: avatarSvg(decodeURIComponent(avatar[1])), contentType: 'image/svg+xml' };
  if (method === 'GET' && isPostPagePath(pathname)) return postPage(core, pathname);
  return undefined;
}

function unknownPrefix(pathname: string): SandboxResponse {
  const message = `Unknown sandbox path ${pathname}: use /ig-www, /ig-api, /ig-graph, /fb-www or /fb-graph`;
  return { status: 404, json: { error: { message, type: 'SandboxError', code: 404 } } };
}
