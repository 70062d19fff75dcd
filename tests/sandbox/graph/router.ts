import type { RequestContext, SandboxCore } from '../context';
import { GraphError, err } from '../errors';
import type { SandboxResponse } from '../http/answer';
import type { Host, TokenRecord } from '../state';
import type { SandboxApi } from '../types';
import { authenticate } from './auth';

export type Method = 'GET' | 'POST' | 'DELETE';
type Answer = SandboxResponse | Promise<SandboxResponse>;

/** Handlers by method; `ANY` takes every method, and then answers the ones it does not support itself. */
export type Handlers<H> = Partial<Record<Method | 'ANY', H>>;

/** A route reached before any token check: OAuth pages and token endpoints. */
export type PathHandler = (ctx: RequestContext, core: SandboxCore) => Answer;

/** What a node route receives: the request, the checked token and the node the path named. */
export interface NodeCall<N> {
  ctx: RequestContext;
  core: SandboxCore;
  token: TokenRecord;
  host: Host;
  /** The id as Meta's errors name it: the resolved id ('me' and the user id stay as sent for the Facebook user). */
  id: string;
  node: N;
  /** Reached as /me on graph.instagram.com, which then answers the app-scoped id. */
  viaMe: boolean;
  /** The segment after the edge, for edges that take one (/me/permissions/{permission}). */
  sub?: string;
}
export type NodeHandler<N> = (call: NodeCall<N>) => Answer;

/** A kind of Graph node: how an id finds one, and who may reach it. */
export interface NodeKind<N> {
  /** Meta's node type name, as its "nonexisting field" errors spell it. */
  readonly type: string;
  readonly hosts: readonly Host[];
  find(core: SandboxCore, id: string, token: TokenRecord): N | undefined;
  /** Throw Meta's answer when the token may not reach this node (before the edge is looked at). */
  authorize?(call: NodeCall<N>): void;
}

/** Where route modules declare what they serve. */
export interface Router {
  /** A fixed path of one API (version stripped), served before any token check. */
  path(api: SandboxApi, path: string, handlers: Handlers<PathHandler>): void;
  /** GET/POST/... on the node itself: `/{id}`. */
  node<N>(kind: NodeKind<N>, handlers: Handlers<NodeHandler<N>>): void;
  /** An edge of a node: `/{id}/{edge}`, or `/{id}/{edge}/{sub}` with `{ sub: true }`. */
  edge<N>(kind: NodeKind<N>, edge: string, handlers: Handlers<NodeHandler<N>>, options?: { sub?: boolean }): void;
}

/** A route module registers its routes on the router; routes/index.ts lists the modules. */
export type RouteModule = (router: Router) => void;

const GRAPH_HOSTS: Partial<Record<SandboxApi, Host>> = { instagramGraph: 'instagram', facebookGraph: 'facebook' };

interface EdgeRoute {
  handlers: Handlers<NodeHandler<unknown>>;
  sub: boolean;
}

/** Two modules may serve one path with different methods (POST and GET /{ig-user-id}/media), never the same one. */
function merge<H>(into: Handlers<H>, add: Handlers<H>, where: string): Handlers<H> {
  for (const m of Object.keys(add)) if (m in into) throw new Error(`sandbox: two routes for ${m} ${where}`);
  return { ...into, ...add };
}

function pick<H>(handlers: Handlers<H>, method: string): H | undefined {
  return handlers[method as Method] ?? handlers.ANY;
}

/**
 * Routes requests the way Graph does: fixed paths first; then, on the two Graph hosts, `/{id}[/{edge}]`
 * where the token is checked, the id is found among the node kinds (in the order given), and the edge
 * and method pick the handler. Every miss answers Meta's error for it (2500, 100/33, nonexisting field).
 */
export function createRouter(kinds: ReadonlyArray<NodeKind<unknown>>, modules: readonly RouteModule[]) {
  const paths = new Map<string, Handlers<PathHandler>>();
  const edges = new Map<NodeKind<unknown>, Map<string, EdgeRoute>>();
  const allKinds = [...kinds];

  const edgesOf = (kind: NodeKind<unknown>): Map<string, EdgeRoute> => {
    let m = edges.get(kind);
    if (!m) {
      edges.set(kind, (m = new Map()));
      if (!allKinds.includes(kind)) allKinds.push(kind);
    }
    return m;
  };
  const addEdge = (kind: NodeKind<unknown>, edge: string, handlers: Handlers<NodeHandler<unknown>>, sub: boolean) => {
    const routes = edgesOf(kind);
    const route = routes.get(edge) ?? { handlers: {}, sub: false };
    route.handlers = merge(route.handlers, handlers, `${kind.type} /${edge}`);
    route.sub ||= sub;
    routes.set(edge, route);
  };
  const router: Router = {
    path: (api, path, handlers) => {
      const key = `${api} ${path}`;
      paths.set(key, merge(paths.get(key) ?? {}, handlers, key));
    },
    node: (kind, handlers) => addEdge(kind as NodeKind<unknown>, '', handlers as Handlers<NodeHandler<unknown>>, false),
    edge: (kind, edge, handlers, options) => addEdge(kind as NodeKind<unknown>, edge, handlers as Handlers<NodeHandler<unknown>>, options?.sub ?? false),
  };
  for (const register of modules) register(router);

  /** Edges that take a sub-segment on this host: any other three-segment path is unknown before the token is read. */
  const subEdges = (host: Host): Set<string> => {
    const out = new Set<string>();
    for (const [kind, routes] of edges) if (kind.hosts.includes(host)) for (const [name, r] of routes) if (r.sub) out.add(name);
    return out;
  };

  async function graphNode(host: Host, ctx: RequestContext, core: SandboxCore): Promise<SandboxResponse> {
    const seg = ctx.segments;
    if (seg.length === 0) throw err.unknownPath('/');
    const extra = seg.slice(2);
    const unknownExtra = () => err.unknownPath(`/${extra.join('/')}`);
    if (extra.length > 1 || (extra.length === 1 && !subEdges(host).has(seg[1]))) throw unknownExtra();
    if (seg[0] === 'me' && !ctx.token) {
      throw new GraphError({ code: 2500, message: 'An active access token must be used to query information about the current user.' });
    }
    const token = authenticate(host, ctx, core);
    const { id, viaMe } = selfId(host, token, seg[0]);
    let kind: NodeKind<unknown> | undefined;
    let node: unknown;
    for (const k of allKinds) {
      if (!k.hosts.includes(host)) continue;
      node = k.find(core, id, token);
      if (node !== undefined) {
        kind = k;
        break;
      }
    }
    if (!kind) throw extra.length ? unknownExtra() : err.unsupported(ctx.method, id);
    const edge = seg[1] as string | undefined;
    const route = edges.get(kind)?.get(edge ?? '');
    if (extra.length && !route?.sub) throw unknownExtra();
    const call: NodeCall<unknown> = { ctx, core, token, host, id, node, viaMe, sub: extra[0] };
    kind.authorize?.(call);
    if (!route) throw edge === undefined ? err.unsupported(ctx.method, id) : err.nonexistingField(edge, kind.type);
    const handler = pick(route.handlers, ctx.method);
    if (!handler) throw err.unsupported(ctx.method, id);
    return handler(call);
  }

  return {
    async dispatch(ctx: RequestContext, core: SandboxCore): Promise<SandboxResponse> {
      const routes = paths.get(`${ctx.api} ${ctx.path}`);
      const handler = routes && pick(routes, ctx.method);
      if (handler) return handler(ctx, core);
      const host = GRAPH_HOSTS[ctx.api];
      if (host) return graphNode(host, ctx, core);
      throw err.unknownPath(ctx.path);
    },
  };
}

export type SandboxRouter = ReturnType<typeof createRouter>;

/**
 * `/me` names the token's own node: the Instagram account on graph.instagram.com, the Page for a Page
 * token; for a Facebook user token it stays 'me' and the Facebook user kind answers it.
 */
function selfId(host: Host, token: TokenRecord, raw: string): { id: string; viaMe: boolean } {
  if (raw !== 'me') return { id: raw, viaMe: false };
  if (host === 'instagram') return { id: token.igUserId!, viaMe: true };
  if (token.kind === 'facebook-page') return { id: token.pageId!, viaMe: false };
  return { id: raw, viaMe: false };
}
