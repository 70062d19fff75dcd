import { CallLog } from './call-log';
import { createCallbacks, type SandboxCallbacks } from './callbacks';
import { createClock, type SandboxClock } from './clock';
import type { SandboxCore, SandboxStats } from './context';
import { FaultBook } from './faults';
import { shortcode } from './ids';
import { NODE_KINDS } from './graph/nodes';
import { createRouter } from './graph/router';
import { createHandler } from './http/handler';
import { listen, shutdown } from './http/listen';
import { Sleepers } from './http/sleepers';
import { DEFAULT_OPTIONS, resolveOptions } from './options';
import { ROUTE_MODULES } from './routes';
import { SandboxState, type ContainerRecord, type SandboxAccounts } from './state';

/** A post `seedMedia` puts on an account: a feed image by default, published now on the sandbox clock. */
export interface SeedMediaSpec {
  account: string;
  productType?: SandboxMedia['productType'];
  mediaType?: SandboxMedia['mediaType'];
  timestamp?: number;
  stats?: Record<string, number>;
}
import type {
  CallFilter,
  IssueTokenSpec,
  ResolvedSandboxOptions,
  SandboxCall,
  SandboxChaos,
  SandboxChaosHandle,
  SandboxContainerView,
  SandboxFault,
  SandboxFaultHandle,
  SandboxMedia,
  CommentInput,
  SandboxOptions,
  SandboxTokenInfo,
} from './types';

export { DEFAULT_OPTIONS } from './options';

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

export interface Sandbox extends SandboxCallbacks {
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
  /** Seeded random faults on a share of the matching calls; removed by clearFaults or reset like the others. */
  chaos(spec: SandboxChaos): SandboxChaosHandle;
  clearFaults(): void;
  /** Mint a token directly (seeding a store, benchmarks). */
  issueToken(spec: IssueTokenSpec): SandboxTokenInfo;
  getContainer(id: string): SandboxContainerView | undefined;
  listContainers(igUserId?: string): SandboxContainerView[];
  /** Skip the remaining processing time of a container. */
  finishContainer(id: string): void;
  /** Turn a container to ERROR now (status "Error: ... (subcode)"). */
  failContainer(id: string, subcode: number, message?: string): void;
  getMedia(id: string): SandboxMedia | undefined;
  /** Published top-level media of an account, oldest first. */
  listMedia(igUserId: string): SandboxMedia[];
  /** Put a published post on an account without the container flow (insights tests, benchmarks). */
  seedMedia(spec: SeedMediaSpec): SandboxMedia;
  /** Adds a comment (or, with parentId, a reply) to a published media as someone else would; returns its id. */
  addComment(mediaId: string, comment: CommentInput): string;
  /** Publishes in the rolling 24 h window of the sandbox clock. */
  quotaUsage(igUserId: string): number;
  /** Webhook subscriptions made through `subscribed_apps`: `ig:<ig-user-id>` or `page:<page-id>` → fields. */
  webhookSubscriptions(): Record<string, string[]>;
  /** Back to the fixtures and the start options: accounts, tokens, codes, containers, media, quota, clock, calls, faults, stats. */
  reset(): void;
  close(): Promise<void>;
}

/** Start the double on its own port; see README.md. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const startOptions = resolveOptions(DEFAULT_OPTIONS, opts);
  let options = startOptions;
  const clock = createClock();
  const state = new SandboxState(clock, () => options);
  const faults = new FaultBook();
  const sleepers = new Sleepers();
  const log = new CallLog(() => options.callLogLimit);
  const stats: SandboxStats = { appsecretProof: { valid: 0, invalid: 0, missing: 0 } };
  let closed = false;
  let baseUrl = '';

  const core: SandboxCore = { state, clock, options: () => options, baseUrl: () => baseUrl, stats, isClosed: () => closed };
  const router = createRouter(NODE_KINDS, ROUTE_MODULES);
  const listening = await listen(createHandler({ core, faults, log, router, sleepers }), options.host, options.port);
  baseUrl = listening.baseUrl;

  const container = (id: string): ContainerRecord => {
    const c = state.containers.get(id);
    if (!c) throw new Error(`sandbox: unknown container ${id}`);
    return c;
  };

  return {
    url: baseUrl,
    endpoints: {
      instagramAuthorize: `${baseUrl}/ig-www/oauth/authorize`,
      instagramApi: `${baseUrl}/ig-api`,
      instagramGraph: `${baseUrl}/ig-graph`,
      facebookDialog: `${baseUrl}/fb-www`,
      facebookGraph: `${baseUrl}/fb-graph`,
    },
    clock,
    get calls() {
      return log.calls;
    },
    count: (filter) => log.count(filter),
    findCalls: (filter) => log.find(filter),
    lastCall: (filter) => log.last(filter),
    clearCalls: () => log.clear(),
    onCall: (listener) => log.listen(listener),
    get options() {
      return options;
    },
    set: (patch) => {
      const { port: _port, host: _host, ...rest } = patch;
      void _port;
      void _host;
      options = resolveOptions(options, rest);
    },
    // The facade reads the current stores, so it stays valid across reset().
    accounts: state.accounts,
    stats,
    inject: (fault) => faults.add(fault),
    chaos: (spec) => faults.addChaos(spec),
    clearFaults: () => faults.clear(),
    issueToken: (spec) => state.issueToken(spec),
    ...createCallbacks(() => options, clock),
    getContainer: (id) => {
      const c = state.containers.get(id);
      return c ? state.containers.view(c) : undefined;
    },
    listContainers: (igUserId) => state.containers.list(igUserId).map((c) => state.containers.view(c)),
    finishContainer: (id) => state.containers.finish(container(id)),
    failContainer: (id, subcode, message) => state.containers.fail(container(id), subcode, message),
    getMedia: (id) => state.media.get(id),
    listMedia: (igUserId) => state.media.ofUser(igUserId),
    seedMedia: (spec) => {
      const account = state.accounts.getInstagramAccount(spec.account);
      if (!account) throw new Error(`sandbox: unknown account ${spec.account}`);
      const id = state.media.nextId();
      const code = shortcode();
      const media: SandboxMedia = {
        id,
        igUserId: account.userId,
        username: account.username,
        containerId: '',
        mediaType: spec.mediaType ?? (spec.productType === 'REELS' ? 'VIDEO' : 'IMAGE'),
        productType: spec.productType ?? 'FEED',
        shortcode: code,
        permalink: `${baseUrl}/p/${code}/`,
        timestamp: spec.timestamp ?? clock.now(),
        comments: [],
        stats: spec.stats,
      };
      state.media.add(media);
      return media;
    },
    addComment: (mediaId, comment) => {
      const m = state.media.get(mediaId);
      if (!m) throw new Error(`sandbox: unknown media ${mediaId}`);
      return state.media.addComment(m, comment, clock.now()).id;
    },
    quotaUsage: (igUserId) => state.quota.publishes.count(igUserId),
    webhookSubscriptions: () => Object.fromEntries(state.webhookSubscriptions),
    reset: () => {
      options = startOptions;
      clock.reset();
      state.reset();
      faults.clear();
      log.clear();
      stats.appsecretProof = { valid: 0, invalid: 0, missing: 0 };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      sleepers.wakeAll();
      faults.clear();
      log.unlistenAll();
      await shutdown(listening.server);
    },
  };
}
