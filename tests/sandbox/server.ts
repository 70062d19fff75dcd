import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock, type SandboxClock } from './clock';
import type { RequestContext, SandboxCore, SandboxStats } from './context';
import { GraphError, HtmlError, OldShapeError, graphErrorFromFault } from './errors';
import { FaultBook } from './faults';
import { avatarSvg, errorPage } from './html';
import { mergeParams, parseBody, readBody, searchParamsToRecord, sleep, type SandboxResponse } from './http-util';
import { appsecretProof } from './ids';
import { facebookDialog } from './routes/facebook-login';
import { facebookGraph, instagramGraph } from './routes/graph';
import { instagramAuthorize, instagramCodeExchange } from './routes/instagram-login';
import { isPostPagePath, postPage } from './routes/post-pages';
import { containerStatusCode, containerStatusText } from './routes/publishing';
import { signedRequest, webhookSignature } from './signing';
import { SandboxState, type ContainerRecord, type SandboxAccounts } from './state';
import type {
  CallFilter,
  IssueTokenSpec,
  ResolvedSandboxOptions,
  SandboxApi,
  SandboxCall,
  SandboxContainerView,
  SandboxFault,
  SandboxFaultHandle,
  SandboxMedia,
  SandboxOptions,
  SandboxTokenInfo,
} from './types';

export const DEFAULT_OPTIONS: ResolvedSandboxOptions = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  latencyMs: 0,
  containerProcessingMs: 1000,
  videoProcessingMs: 3000,
  quotaTotal: 50,
  instagramApp: Object.freeze({ appId: 'sandbox-ig-app', appSecret: 'sandbox-ig-secret' }),
  facebookApp: Object.freeze({ appId: 'sandbox-fb-app', appSecret: 'sandbox-fb-secret' }),
  fetchMedia: true,
  allowPrivateMediaUrls: true,
  instagramTokenShape: 'data',
  permissionsFormat: 'string',
  tokenUserId: 'app-scoped',
  accountsPageSize: 2,
  mediaFetchTimeoutMs: 10_000,
  containerLimitPerDay: 400,
  requireAppsecretProof: true,
  callLogLimit: 100_000,
  // Instagram allows 5 hashtags per post or reel since December 2025 (30 before).
  captionLimits: Object.freeze({ characters: 2200, hashtags: 5, mentions: 20 }),
}) as ResolvedSandboxOptions;

export interface SandboxEndpoints {
  /** Full authorize URL (add the query). */
  instagramAuthorize: string;
  /** api.instagram.com: POST `${instagramApi}/oauth/access_token`. */
  instagramApi: string;
  /** graph.instagram.com: `${instagramGraph}/access_token`, `/refresh_access_token`, `/v{N}/me`… */
  instagramGraph: string;
  /** www.facebook.com: `${facebookDialog}/v{N}/dialog/oauth`. */
  facebookDialog: string;
  /** graph.facebook.com: `${facebookGraph}/v{N}/...`. */
  facebookGraph: string;
}

export interface Sandbox {
  readonly url: string;
  readonly endpoints: SandboxEndpoints;
  readonly clock: SandboxClock;
  /** Live log of every API call (healthz and /cdn excluded), oldest first. */
  readonly calls: SandboxCall[];
  count(filter?: CallFilter): number;
  findCalls(filter?: CallFilter): SandboxCall[];
  lastCall(filter?: CallFilter): SandboxCall | undefined;
  clearCalls(): void;
  /** Listen to calls as they complete (the CLI's verbose mode). Returns an unsubscribe function. */
  onCall(listener: (call: SandboxCall) => void): () => void;
  readonly options: ResolvedSandboxOptions;
  /** Change options at run time (port and host are fixed once listening). */
  set(opts: Partial<SandboxOptions>): void;
  readonly accounts: SandboxAccounts;
  /** appsecret_proof outcomes on graph.facebook.com since start/reset. */
  readonly stats: SandboxStats;
  inject(fault: SandboxFault): SandboxFaultHandle;
  clearFaults(): void;
  /** Mint a token directly (seeding a store, benchmarks). */
  issueToken(spec: IssueTokenSpec): SandboxTokenInfo;
  /** HMAC-SHA256 hex of the token keyed by the Facebook app secret. */
  appsecretProof(accessToken: string, appSecret?: string): string;
  signedRequest(payload: object, appSecret: string): string;
  webhookSignature(rawBody: string | Buffer, appSecret: string): string;
  /** POST `signed_request=` as Meta's deauthorize / data-deletion callbacks do (default secret: the Facebook app's). */
  sendSignedRequest(url: string, payload: object, appSecret?: string): Promise<{ status: number; body: string }>;
  /** POST a webhook event JSON signed with X-Hub-Signature-256 (default secret: the Facebook app's). */
  sendWebhook(url: string, event: object, appSecret?: string): Promise<{ status: number; body: string }>;
  getContainer(id: string): SandboxContainerView | undefined;
  listContainers(igUserId?: string): SandboxContainerView[];
  /** Skip the remaining processing time of a container. */
  finishContainer(id: string): void;
  /** Turn a container to ERROR now (status "Error: ... (subcode)"). */
  failContainer(id: string, subcode: number, message?: string): void;
  getMedia(id: string): SandboxMedia | undefined;
  /** Published top-level media of an account, oldest first. */
  listMedia(igUserId: string): SandboxMedia[];
  /** Publishes in the rolling 24 h window of the sandbox clock. */
  quotaUsage(igUserId: string): number;
  /** Back to the fixtures and the start options: accounts, tokens, codes, containers, media, quota, clock, calls, faults, stats. */
  reset(): void;
  close(): Promise<void>;
}

const API_PREFIXES: Array<[string, SandboxApi]> = [
  ['/ig-www', 'instagramAuthorize'],
  ['/ig-api', 'instagramApi'],
  ['/ig-graph', 'instagramGraph'],
  ['/fb-www', 'facebookDialog'],
  ['/fb-graph', 'facebookGraph'],
];

const VERSION = /^v\d+\.\d+$/;

function resolveOptions(base: ResolvedSandboxOptions, patch: Partial<SandboxOptions>): ResolvedSandboxOptions {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out as unknown as ResolvedSandboxOptions;
}

function matchesFilter(c: SandboxCall, f: CallFilter | undefined): boolean {
  if (!f) return true;
  if (f.method && f.method.toUpperCase() !== c.method) return false;
  if (f.api && f.api !== c.api) return false;
  if (f.status !== undefined && f.status !== c.status) return false;
  if (f.path !== undefined) {
    if (typeof f.path === 'string') return f.path === c.path;
    f.path.lastIndex = 0;
    return f.path.test(c.path);
  }
  return true;
}

function extractToken(req: IncomingMessage, params: Record<string, string>): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1].trim();
  }
  return params.access_token || undefined;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const startOptions = resolveOptions(DEFAULT_OPTIONS, opts);
  let options = startOptions;
  const clock = createClock();
  const state = new SandboxState(clock, () => options);
  const faultBook = new FaultBook();
  const sleepers = new Set<() => void>();
  const calls: SandboxCall[] = [];
  const listeners = new Set<(c: SandboxCall) => void>();
  const stats: SandboxStats = { appsecretProof: { valid: 0, invalid: 0, missing: 0 } };
  let seq = 0;
  let closed = false;
  let baseUrl = '';

  const core: SandboxCore = {
    state,
    clock,
    options: () => options,
    baseUrl: () => baseUrl,
    stats,
    isClosed: () => closed,
  };

  function record(call: SandboxCall): void {
    calls.push(call);
    const limit = options.callLogLimit;
    // Trim in chunks so a long-running playground does not pay an O(n) splice per call.
    if (limit > 0 && calls.length > limit + Math.max(1, Math.floor(limit / 10))) calls.splice(0, calls.length - limit);
    for (const l of listeners) {
      try {
        l(call);
      } catch {
        // A broken listener must not break the sandbox.
      }
    }
  }

  function toResponse(e: unknown): SandboxResponse {
    if (e instanceof GraphError) {
      const headers: Record<string, string> = { ...(e.headers ?? {}) };
      if (e.code === 190 || e.code === 104) headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${e.message.replace(/"/g, "'")}"`;
      return { status: e.httpStatus, json: e.toBody(), headers };
    }
    if (e instanceof OldShapeError) return { status: e.httpStatus, json: e.toBody() };
    if (e instanceof HtmlError) return { status: e.httpStatus, html: errorPage(e.title, e.message) };
    const unexpected = new GraphError({ code: 1, message: `An unknown error has occurred. (sandbox: ${e instanceof Error ? e.message : String(e)})`, httpStatus: 500 });
    return { status: 500, json: unexpected.toBody() };
  }

  function faultResponse(f: SandboxFault): SandboxResponse | undefined {
    if (!f.error) return undefined;
    if (f.error.rawBody) {
      return { status: f.error.httpStatus ?? 500, text: f.error.rawBody.body, contentType: f.error.rawBody.contentType, headers: f.error.headers };
    }
    return toResponse(graphErrorFromFault(f.error));
  }

  async function dispatch(ctx: RequestContext): Promise<SandboxResponse> {
    switch (ctx.api) {
      case 'instagramAuthorize':
        if (ctx.path === '/oauth/authorize' && ctx.method === 'GET') return instagramAuthorize(ctx, core);
        break;
      case 'instagramApi':
        if (ctx.path === '/oauth/access_token') return instagramCodeExchange(ctx, core);
        break;
      case 'instagramGraph':
        return instagramGraph(ctx, core);
      case 'facebookDialog':
        if (ctx.path === '/dialog/oauth' && ctx.method === 'GET') return facebookDialog(ctx, core);
        break;
      case 'facebookGraph':
        return facebookGraph(ctx, core);
    }
    throw new GraphError({ code: 2500, message: `Unknown path components: ${ctx.path}` });
  }

  function send(res: ServerResponse, r: SandboxResponse, version: string | undefined): void {
    if (res.destroyed || res.headersSent) return;
    const headers: Record<string, string> = { 'x-fb-trace-id': Math.random().toString(36).slice(2, 13), ...(r.headers ?? {}) };
    if (version) headers['facebook-api-version'] = version;
    let body: string;
    if (r.redirect) {
      headers.location = r.redirect;
      body = '';
    } else if (r.html !== undefined) {
      headers['content-type'] = 'text/html; charset=utf-8';
      body = r.html;
    } else if (r.text !== undefined) {
      headers['content-type'] = r.contentType ?? 'text/plain; charset=utf-8';
      body = r.text;
    } else {
      headers['content-type'] = 'application/json; charset=UTF-8';
      body = r.rawJson ?? JSON.stringify(r.json ?? {});
    }
    headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(r.status, headers);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const at = clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', baseUrl || 'http://sandbox.invalid');
    const pathname = url.pathname;

    if (pathname === '/healthz') {
      send(res, { status: 200, text: 'ok' }, undefined);
      return;
    }
    const avatar = /^\/cdn\/avatars\/([^/]+)\.svg$/.exec(pathname);
    if (avatar) {
      send(res, { status: 200, text: avatarSvg(decodeURIComponent(avatar[1])), contentType: 'image/svg+xml' }, undefined);
      return;
    }
    // Pages for the permalinks of published media (a browser visit, not an API call: not logged).
    if (method === 'GET' && isPostPagePath(pathname)) {
      send(res, postPage(core, pathname), undefined);
      return;
    }

    const prefix = API_PREFIXES.find(([p]) => pathname === p || pathname.startsWith(`${p}/`));
    const query = searchParamsToRecord(url.searchParams);
    const headers = { ...req.headers };
    let body: unknown;
    let response: SandboxResponse;
    let version: string | undefined;
    let path = pathname;
    let api: SandboxApi | 'unknown' = 'unknown';
    let token: string | undefined;
    let faultLabel: string | undefined;
    let appsecretState: SandboxCall['appsecretProof'];
    let drop = false;
    let segments: string[] = [];

    try {
      if (prefix) {
        api = prefix[1];
        try {
          segments = pathname.slice(prefix[0].length).split('/').filter(Boolean).map(decodeURIComponent);
        } catch {
          throw new GraphError({ code: 100, message: '(#100) Malformed path' });
        }
        if (segments.length && VERSION.test(segments[0])) version = segments.shift();
        path = `/${segments.join('/')}`;
      }
      const raw = await readBody(req);
      body = parseBody(raw, req.headers['content-type']);
      if (!prefix) {
        response = {
          status: 404,
          json: { error: { message: `Unknown sandbox path ${pathname}: use /ig-www, /ig-api, /ig-graph, /fb-www or /fb-graph`, type: 'SandboxError', code: 404 } },
        };
      } else {
        const params = mergeParams(query, body);
        token = extractToken(req, params);
        const ctx: RequestContext = {
          method,
          api: prefix[1],
          path,
          segments,
          version,
          query,
          body,
          params,
          headers: req.headers,
          token,
          apiBase: `${baseUrl}${prefix[0]}`,
        };
        const fault = faultBook.take({ method, api, path, params });
        if (fault) {
          faultLabel = fault.label ?? describeFault(fault);
          if (fault.containerError) ctx.containerError = fault.containerError;
        }
        await sleep(options.latencyMs, sleepers);
        if (fault?.delayMs) await sleep(fault.delayMs, sleepers);
        if (closed) return;
        const early = fault && !fault.afterEffect ? faultResponse(fault) : undefined;
        if (fault?.dropConnection && !fault.afterEffect) {
          drop = true;
          response = { status: 0 };
        } else if (early) {
          response = early;
        } else {
          try {
            response = await dispatch(ctx);
          } catch (e) {
            response = toResponse(e);
          }
          if (fault?.afterEffect) {
            if (fault.dropConnection) {
              drop = true;
              response = { status: 0, json: response.json };
            } else {
              response = faultResponse(fault) ?? response;
            }
          }
        }
        appsecretState = ctx.appsecretProof;
      }
    } catch (e) {
      response = toResponse(e);
    }

    record({
      seq: ++seq,
      at,
      method,
      api,
      path,
      version,
      query,
      body,
      headers,
      status: response.status,
      response: response.redirect !== undefined ? { location: response.redirect } : (response.json ?? response.html ?? response.text ?? response.rawJson),
      token,
      appsecretProof: appsecretState,
      fault: faultLabel,
      durationMs: Date.now() - started,
    });
    if (drop) {
      req.socket.destroy();
      return;
    }
    send(res, response, version);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent && !res.destroyed) {
        const r = toResponse(e);
        send(res, r, undefined);
      }
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : hostForUrl}:${addr.port}`;

  const endpoints: SandboxEndpoints = {
    instagramAuthorize: `${baseUrl}/ig-www/oauth/authorize`,
    instagramApi: `${baseUrl}/ig-api`,
    instagramGraph: `${baseUrl}/ig-graph`,
    facebookDialog: `${baseUrl}/fb-www`,
    facebookGraph: `${baseUrl}/fb-graph`,
  };

  function view(c: ContainerRecord): SandboxContainerView {
    const code = containerStatusCode(core, c);
    return {
      id: c.id,
      igUserId: c.igUserId,
      kind: c.kind,
      host: c.host,
      statusCode: code,
      status: containerStatusText(code, c),
      params: { ...c.params },
      children: c.children ? [...c.children] : undefined,
      createdAt: c.createdAt,
      publishedMediaId: c.publishedMediaId,
      media: c.media ? { ...c.media } : undefined,
    };
  }

  async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    const r = await fetch(url, { method: 'POST', body, headers });
    return { status: r.status, body: await r.text() };
  }

  const sandbox: Sandbox = {
    url: baseUrl,
    endpoints,
    clock,
    get calls() {
      return calls;
    },
    count: (filter) => {
      let n = 0;
      for (const c of calls) if (matchesFilter(c, filter)) n++;
      return n;
    },
    findCalls: (filter) => calls.filter((c) => matchesFilter(c, filter)),
    lastCall: (filter) => {
      for (let i = calls.length - 1; i >= 0; i--) if (matchesFilter(calls[i], filter)) return calls[i];
      return undefined;
    },
    clearCalls: () => {
      calls.length = 0;
      seq = 0;
    },
    onCall: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get options() {
      return options;
    },
    set: (patch) => {
      const { port: _port, host: _host, ...rest } = patch;
      void _port;
      void _host;
      options = resolveOptions(options, rest);
    },
    accounts: state.accounts,
    stats,
    inject: (fault) => faultBook.add(fault),
    clearFaults: () => faultBook.clear(),
    issueToken: (spec) => state.issueToken(spec),
    appsecretProof: (token, secret) => appsecretProof(token, secret ?? options.facebookApp.appSecret),
    signedRequest: (payload, appSecret) => signedRequest(payload, appSecret, clock.now()),
    webhookSignature: (rawBody, appSecret) => webhookSignature(rawBody, appSecret),
    sendSignedRequest: (url, payload, appSecret) =>
      post(url, new URLSearchParams({ signed_request: signedRequest(payload, appSecret ?? options.facebookApp.appSecret, clock.now()) }).toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    sendWebhook: (url, event, appSecret) => {
      const raw = JSON.stringify(event);
      return post(url, raw, { 'content-type': 'application/json', 'x-hub-signature-256': webhookSignature(raw, appSecret ?? options.facebookApp.appSecret) });
    },
    getContainer: (id) => {
      const c = state.containers.get(id);
      return c ? view(c) : undefined;
    },
    listContainers: (igUserId) => [...state.containers.values()].filter((c) => !igUserId || c.igUserId === igUserId).map(view),
    finishContainer: (id) => {
      const c = state.containers.get(id);
      if (!c) throw new Error(`sandbox: unknown container ${id}`);
      c.readyAtReal = Math.min(c.readyAtReal, Date.now());
    },
    failContainer: (id, subcode, message) => {
      const c = state.containers.get(id);
      if (!c) throw new Error(`sandbox: unknown container ${id}`);
      c.error = { subcode, message: message ?? graphErrorFromFault({ code: -1, subcode }).message };
      c.readyAtReal = Math.min(c.readyAtReal, Date.now());
      c.checked = true;
    },
    getMedia: (id) => state.media.get(id),
    listMedia: (igUserId) => (state.mediaByUser.get(igUserId) ?? []).map((id) => state.media.get(id)!),
    quotaUsage: (igUserId) => state.windowed(state.publishTimes, igUserId).length,
    reset: () => {
      options = startOptions;
      clock.reset();
      state.reset();
      faultBook.clear();
      calls.length = 0;
      seq = 0;
      stats.appsecretProof = { valid: 0, invalid: 0, missing: 0 };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const wake of [...sleepers]) wake();
      faultBook.clear();
      listeners.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return sandbox;
}

function describeFault(f: SandboxFault): string {
  const parts: string[] = [];
  if (f.error) parts.push(`error ${f.error.code}${f.error.subcode !== undefined ? `/${f.error.subcode}` : ''}`);
  if (f.delayMs) parts.push(`delay ${f.delayMs}ms`);
  if (f.dropConnection) parts.push('drop');
  if (f.afterEffect) parts.push('after effect');
  if (f.containerError) parts.push(`container error ${f.containerError.subcode}`);
  return parts.join(', ') || 'fault';
}
