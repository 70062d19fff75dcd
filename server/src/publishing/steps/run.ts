import type { Account, GraphClient } from '../../instagram';
import { unusableReason } from '../../services/connection-health';
import { ADMIN_OWNER, userOwner, type Connection, type Publication, type PublicationError, type PublicationPatch, type Store } from '../../store/types';
import type { PluginEvents } from '../../events/emit';
import type { Logger } from '../../utils/logger';
import { accountOf, soleActiveConnection } from '../accounts';
import type { WorkerConfig } from '../mapping-schema';
import type { PostSource } from '../post-content';
import type { QuotaCache } from '../quota';
import { stepStateOf, withState, type StepState } from '../step-state';

/** What the state machine is given: it reaches nothing else (no Strapi service, no configuration file). */
export interface RunContext {
  store: Store;
  graph: GraphClient;
  /** Where each publication's post comes from. */
  content: PostSource;
  owner: string;
  quota: QuotaCache;
  logger: Logger;
  /** Where the plugin's events go (Strapi's event hub); absent where nobody listens (unit tests). */
  events?: PluginEvents;
  config(): WorkerConfig;
  /** Shutting down: start no new Graph call, but persist what came back. */
  isStopping(): boolean;
  /** Shutdown grace is over: the database may be gone, touch nothing. */
  isAbandoned(): boolean;
}

/** A step either hands over to the next one at once, or ends this run (the row says when to look again). */
export type StepResult = 'continue' | 'done';

/** The lease is gone: cancelled (the lease is cleared on cancel) or claimed by another instance after a stall. */
export class LeaseLost extends Error {}
/** The instance stops: no new Graph call. */
export class Stopping extends Error {}
/** The publication cannot go on: it fails with this error, without retry. */
export class Fail extends Error {
  constructor(readonly error: PublicationError) {
    super(error.message);
  }
}

const connectionFailure = (message: string) => new Fail({ code: null, subcode: null, class: 'connection', message });

/**
 * One run of one claimed publication: the row as this run last wrote it, and the only ways to
 * write it (each write checks the lease and extends it, or releases it).
 */
export const openRun = (ctx: RunContext, claimed: Publication) => {
  let pub = claimed;
  let connection: Connection | null = null;

  const write = async (patch: PublicationPatch, releaseLease: boolean) => {
    if (ctx.isAbandoned()) throw new Stopping();
    const full: PublicationPatch = releaseLease
      ? { ...patch, leaseOwner: null, leaseUntil: null }
      : { ...patch, leaseUntil: new Date(Date.now() + ctx.config().leaseMs) };
    const ok = await ctx.store.publications.updateLeased(pub.id, ctx.owner, full);
    if (!ok) throw new LeaseLost();
    pub = { ...pub, ...full };
  };
  const save = (patch: PublicationPatch) => write(patch, false);

  const resolveConnection = async (): Promise<Connection> => {
    const connections = ctx.store.connections;
    if (!pub.connectionId && pub.ownerUserId) {
      // "The only connected account" means the admin side's: never a fallback for an end user's post.
      throw connectionFailure('No Instagram account was chosen for this post. Create it again with one of your accounts.');
    }
    if (pub.connectionId) {
      // An entry posts through an admin-side account, an end user's files through their own: the
      // owner is part of the lookup, so no publication can reach another owner's account.
      connection = await connections.findOwned(pub.connectionId, pub.ownerUserId ? userOwner(pub.ownerUserId) : ADMIN_OWNER);
      if (!connection) throw connectionFailure('The Instagram account chosen for this post is no longer connected. Choose another account and retry.');
    } else {
      const sole = soleActiveConnection(await connections.list());
      if ('missing' in sole) {
        throw connectionFailure(
          sole.missing === 'none'
            ? 'No Instagram account is connected. Connect one in the plugin settings, then retry.'
            : 'Several Instagram accounts are connected and this content type asks which one to use. Choose an account when publishing.',
        );
      }
      connection = sole.connection;
      await save({ connectionId: connection.id, accountUsername: connection.profile.username || null });
    }
    if (!pub.accountUsername && connection.profile.username) await save({ accountUsername: connection.profile.username });
    return connection;
  };

  return {
    ctx,
    /** The row as this run last wrote it. */
    get pub(): Publication {
      return pub;
    },
    /** The connection, once `account()` has resolved it. */
    get connection(): Connection | null {
      return connection;
    },
    state: (): StepState => stepStateOf(pub),
    /** The step state with `patch` applied, ready to write. */
    withState: (patch: Partial<StepState>) => withState(stepStateOf(pub), patch),
    /** Writes and extends the lease. */
    save,
    /** Writes and hands the publication back (the worker looks again at its `runAt`). */
    release: (patch: PublicationPatch) => write(patch, true),
    /** Notes what another conditional write of the store already changed (the dedupe key). */
    assume(patch: Partial<Publication>) {
      pub = { ...pub, ...patch };
    },
    /** Called before every Graph call: while the instance stops, none starts. */
    beforeCall() {
      if (ctx.isStopping()) throw new Stopping();
    },
    /** The account to post with; fails the publication when there is none usable. */
    async account(): Promise<Account> {
      const current = connection ?? (await resolveConnection());
      const unusable = unusableReason(current);
      if (unusable) {
        throw new Fail({ code: null, subcode: null, class: current.status === 'action_required' ? 'userAction' : 'reauth', message: unusable });
      }
      return accountOf(current);
    },
  };
};

export type Run = ReturnType<typeof openRun>;

/**
 * Work done once the post is live, which nothing may fail any more: a failure is logged and
 * recorded by `record`; only a lost lease or a stop ends the run.
 */
export const afterPosting = async (run: Run, failure: string, work: () => Promise<void>, record: (error: unknown) => Promise<void>) => {
  try {
    run.beforeCall();
    await work();
  } catch (error) {
    if (error instanceof LeaseLost || error instanceof Stopping) throw error;
    run.ctx.logger.warn(`publication ${run.pub.id}: ${failure}`, error);
    await record(error);
  }
};
