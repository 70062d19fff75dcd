import { createClock } from '../../sandbox/clock';
import type { RequestContext, SandboxCore } from '../../sandbox/context';
import { GraphError } from '../../sandbox/errors';
import { IG_USER, MEDIA, NODE_KINDS } from '../../sandbox/graph/nodes';
import { createRouter, type NodeKind, type RouteModule } from '../../sandbox/graph/router';
import { ok } from '../../sandbox/http/answer';
import { DEFAULT_OPTIONS } from '../../sandbox/options';
import { ROUTE_MODULES } from '../../sandbox/routes';
import { SandboxState } from '../../sandbox/state';
import { BRAND_ID, CREATOR_ID } from './helpers';

/** How a new capability lands in the sandbox: a route module registered beside the others. */
describe('sandbox: route modules on the Graph router', () => {
  const clock = createClock();
  const state = new SandboxState(clock, () => DEFAULT_OPTIONS);
  const core: SandboxCore = { state, clock, options: () => DEFAULT_OPTIONS, baseUrl: () => 'http://sandbox.test', stats: { appsecretProof: { valid: 0, invalid: 0, missing: 0 } }, isClosed: () => false };
  const brandToken = state.issueToken({ kind: 'instagram', account: 'sandbox_brand' }).accessToken;

  function call(method: string, path: string, token = brandToken): RequestContext {
    const segments = path.split('/').filter(Boolean);
    return { method, api: 'instagramGraph', path, segments, query: {}, body: undefined, params: {}, headers: {}, token, apiBase: 'http://sandbox.test/ig-graph' };
  }

  async function graphError(p: Promise<unknown>): Promise<GraphError> {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(GraphError);
    return e as GraphError;
  }

  const hashtags: RouteModule = (r) => {
    r.edge(IG_USER, 'recently_searched_hashtags', { GET: ({ node, viaMe }) => ok({ data: [{ name: 'reach', account: node.username, viaMe }] }) });
  };

  it('serves an edge a new module adds to an existing node kind, after the kind’s access rule', async () => {
    // Given the built-in modules plus one more
    const router = createRouter(NODE_KINDS, [...ROUTE_MODULES, hashtags]);
    // When the new edge is called through /{id} and /me
    const byId = await router.dispatch(call('GET', `/${BRAND_ID}/recently_searched_hashtags`), core);
    const viaMe = await router.dispatch(call('GET', '/me/recently_searched_hashtags'), core);
    // Then it answers with the resolved node, and the existing routes still answer
    expect(byId.json).toEqual({ data: [{ name: 'reach', account: 'sandbox_brand', viaMe: false }] });
    expect(viaMe.json).toEqual({ data: [{ name: 'reach', account: 'sandbox_brand', viaMe: true }] });
    expect((await router.dispatch(call('GET', `/${BRAND_ID}/content_publishing_limit`), core)).json).toEqual({ data: [{ quota_usage: 0 }] });
    // And a token of another account is refused by IGUser's rule before the edge runs; a wrong method is unsupported
    expect(await graphError(router.dispatch(call('GET', `/${CREATOR_ID}/recently_searched_hashtags`), core))).toMatchObject({ code: 10 });
    expect(await graphError(router.dispatch(call('POST', `/${BRAND_ID}/recently_searched_hashtags`), core))).toMatchObject({ code: 100, subcode: 33 });
  });

  it('finds a node kind a module brings, with its edges and sub-paths, after the built-in kinds', async () => {
    // Given a module with a kind of its own (comments addressed by id, as Meta's IGComment)
    const comment = { id: '17990000000000001', text: 'hello', mediaOwner: BRAND_ID };
    const COMMENT: NodeKind<typeof comment> = { type: 'IGComment', hosts: ['instagram'], find: (_core, id) => (id === comment.id ? comment : undefined) };
    const comments: RouteModule = (r) => {
      r.node(COMMENT, { GET: ({ node }) => ok({ id: node.id, text: node.text }) });
      r.edge(COMMENT, 'replies', { GET: ({ sub }) => ok({ data: [], sub: sub ?? null }) }, { sub: true });
    };
    const router = createRouter(NODE_KINDS, [...ROUTE_MODULES, comments]);
    // When its ids and edges are called
    const node = await router.dispatch(call('GET', `/${comment.id}`), core);
    const sub = await router.dispatch(call('GET', `/${comment.id}/replies/x`), core);
    // Then they are served, and misses answer Meta's errors with the kind's type name
    expect(node.json).toEqual({ id: comment.id, text: 'hello' });
    expect(sub.json).toEqual({ data: [], sub: 'x' });
    expect((await graphError(router.dispatch(call('GET', `/${comment.id}/likes`), core))).message).toContain('on node type (IGComment)');
    expect(await graphError(router.dispatch(call('GET', '/999'), core))).toMatchObject({ code: 100, subcode: 33 });
  });

  it('merges methods two modules give one path, and refuses two handlers for the same method', () => {
    const listMore: RouteModule = (r) => r.edge(MEDIA, 'children', { POST: () => ok({}) });
    const again: RouteModule = (r) => r.edge(MEDIA, 'children', { GET: () => ok({}) });
    expect(() => createRouter(NODE_KINDS, [...ROUTE_MODULES, listMore])).not.toThrow();
    expect(() => createRouter(NODE_KINDS, [...ROUTE_MODULES, again])).toThrow('two routes for GET IGMedia /children');
  });
});
