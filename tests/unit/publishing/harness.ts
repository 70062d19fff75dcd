/**
 * The state machine's test bench: an in-memory publication row behind a leased store, a scripted
 * Graph client (jest mocks), and a post source that prepares `plan`. Shared by the runner test and
 * the step tests.
 */
import { WORKER_DEFAULTS } from '../../../server/src/publishing/mapping-schema';
import type { Plan } from '../../../server/src/publishing/plan';
import type { ContentFailure, PostSource, PreparedPost } from '../../../server/src/publishing/post-content';
import { createQuotaCache } from '../../../server/src/publishing/quota';
import type { StepState } from '../../../server/src/publishing/step-state';
import { openRun, type RunContext } from '../../../server/src/publishing/steps/run';
import type { Connection, Publication } from '../../../server/src/store/types';

export const OWNER = 'instance-a';

export const plan: Plan = {
  kind: 'image',
  caption: 'Hello',
  media: [{ fileId: 1, url: 'https://cdn.example/a.jpg', mime: 'image/jpeg', isVideo: false, alt: null, width: 1080, height: 1080 }],
  coverUrl: null,
  locationId: null,
  userTags: [],
  collaborators: [],
  shareToFeed: null,
  firstComment: 'First!',
  contentHash: 'hash',
};

export const connection = { id: 'c1', instagramUserId: '1784', loginKind: 'instagram', accessToken: 'IGAA-token', status: 'active', isActive: true, lastError: null, profile: { username: 'brand' } } as unknown as Connection;

/** The Graph account of `connection`. */
export const account = { host: 'instagram' as const, igUserId: '1784', accessToken: 'IGAA-token' };

export const publicationIn = (status: Publication['status'], state: StepState): Publication => ({
  id: 'p1',
  uid: 'api::article.article',
  documentId: 'doc',
  locale: 'en',
  connectionId: 'c1',
  status,
  kind: 'image',
  caption: 'Hello',
  contentHash: 'hash',
  trigger: 'publish',
  scheduledAt: null,
  runAt: new Date(),
  attempts: 0,
  state: state as Record<string, unknown>,
  mediaId: null,
  permalink: null,
  error: null,
  leaseOwner: OWNER,
  leaseUntil: new Date(Date.now() + 60_000),
  requestedBy: null,
  publishedAt: null,
  accountUsername: 'brand',
  dedupeKey: null,
  ownerUserId: null,
  input: null,
  idempotencyKey: null,
  likeCount: null,
  commentCount: null,
  reachCount: null,
  lastCommentAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
});

/** A source whose content is always `prepared` (by default `plan`, without warnings). */
export const fakeSource = (prepared: PreparedPost | ContentFailure = { plan, warnings: [] }) => ({
  open: jest.fn(async () => ({ prepare: jest.fn(async () => prepared) })),
});

/** An in-memory store and a scripted Graph client. */
export const harness = (row: Publication, graph: Partial<Record<string, jest.Mock>>, options: { stopping?: boolean; content?: PostSource } = {}) => {
  let current = { ...row };
  const writes: Array<Partial<Publication>> = [];
  const context = {
    store: {
      publications: {
        updateLeased: jest.fn(async (_id: string, owner: string, patch: Partial<Publication>) => {
          if (current.leaseOwner !== owner) return false;
          // Stored as a copy, as a database would: later changes to the caller's objects do not leak in.
          const stored = structuredClone(patch);
          writes.push(stored);
          current = { ...current, ...stored };
          return true;
        }),
        takeDedupeKey: jest.fn(async (_id: string, owner: string, key: string) => {
          if (current.leaseOwner !== owner) return false;
          current = { ...current, dedupeKey: key };
          return true;
        }),
        list: jest.fn(async () => ({ results: [] as Publication[], total: 0 })),
      },
      connections: { findOwned: jest.fn(async () => connection), list: jest.fn(async () => [connection]), update: jest.fn(async () => connection) },
    } as never,
    graph: {
      getContainerStatus: jest.fn(),
      publishContainer: jest.fn(),
      getMedia: jest.fn(async (_account: unknown, id: string) => ({ id, permalink: `https://www.instagram.com/p/${id}/` })),
      createComment: jest.fn(async () => 'comment-1'),
      getPublishingLimit: jest.fn(async () => ({ quotaUsage: 0, quotaTotal: 50, quotaDurationSec: 86400 })),
      createContainer: jest.fn(),
      ...graph,
    } as never,
    content: options.content ?? fakeSource(),
    owner: OWNER,
    quota: createQuotaCache(),
    logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() } as never,
    config: () => WORKER_DEFAULTS,
    isStopping: () => options.stopping ?? false,
    isAbandoned: () => false,
  } satisfies RunContext;
  return {
    context,
    writes,
    current: () => current,
    graph: context.graph as unknown as Record<string, jest.Mock>,
    logger: context.logger as unknown as Record<'debug' | 'info' | 'warn' | 'error', jest.Mock>,
    store: context.store as unknown as {
      publications: Record<'updateLeased' | 'takeDedupeKey' | 'list', jest.Mock>;
      connections: Record<'findOwned' | 'list' | 'update', jest.Mock>;
    },
    /** A run of the row as it is now, for calling one step on its own. */
    run: () => openRun(context, current),
  };
};

/** The step state of the row as it is now. */
export const stateOf = (row: Publication) => row.state as StepState;
