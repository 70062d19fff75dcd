import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { setImmediate as nextCheckPhase } from 'node:timers/promises';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { createPluginEvents } from '../events/emit';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import type { WorkerConfig } from './mapping-schema';
import { createQuotaCache } from './quota';
import { runPublication, type RunContext } from './runner';
import { createPostSources } from './sources';

/** While work is leased elsewhere or just finished, look again this soon instead of spinning. */
const BUSY_RECHECK_MS = 500;

/**
 * The publication worker of one Strapi instance. It claims due publications with a conditional
 * update and a lease (so N instances on one database each take a publication once), runs each
 * through the state machine, and sleeps until the next `runAt`, a wake-up from this instance's
 * publish hook, or the periodic scan for work queued by other instances.
 */
export const createWorker = (strapi: Core.Strapi) => {
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const logger = createLogger(strapi);
  const quota = createQuotaCache();
  const active = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;
  let tickAgain = false;
  let stopping = false;
  let abandoned = false;
  let started = false;

  const config = (): WorkerConfig => getPluginConfig(strapi).worker;

  const context: RunContext = {
    get store() {
      return getService(strapi, 'store').get();
    },
    get graph() {
      return getService(strapi, 'graph').client();
    },
    content: createPostSources(strapi, {
      worker: config,
      sandbox: () => getPluginConfig(strapi).sandbox,
      publicUrl: () => getService(strapi, 'urls').publicUrl(),
    }),
    owner,
    quota,
    logger,
    events: createPluginEvents(strapi),
    config,
    isStopping: () => stopping,
    isAbandoned: () => abandoned,
  };

  const schedule = (delayMs: number) => {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void tick();
    }, Math.max(0, delayMs));
    // The worker must never keep a process alive on its own (scripts, tests).
    timer.unref?.();
  };

  const tick = async (): Promise<void> => {
    if (stopping) return;
    if (ticking) {
      tickAgain = true;
      return;
    }
    ticking = true;
    try {
      // Pending I/O goes first: on SQLite the claim and a run's first steps are synchronous queries
      // (about 5 ms on the Content Manager's publish, measured with \`npm run bench:publish\`) that
      // would otherwise run before the event loop next polls, ahead of the publish's answer being
      // read and the admin's next requests. Entered from a timer or from wake() (a setImmediate),
      // waiting for the next check phase lets the loop poll I/O once before it.
      await nextCheckPhase();
      if (stopping) return;
      const cfg = config();
      const free = cfg.concurrency - active.size;
      if (free > 0) {
        const now = new Date();
        // Its own leases on rows it no longer runs (a run whose database went away) are taken back at once.
        const claimed = await context.store.publications.claimDue({ now, owner, leaseUntil: new Date(now.getTime() + cfg.leaseMs), limit: free, running: [...active.keys()] });
        for (const publication of claimed) {
          if (active.has(publication.id)) continue;
          const run = runPublication(context, publication)
            .catch((error) => {
              logger.error(`publication ${publication.id}: worker failure`, error);
            })
            .finally(() => {
              active.delete(publication.id);
              if (!stopping) void tick();
            });
          active.set(publication.id, run);
        }
      }
      const next = await context.store.publications.nextRunAt();
      const scan = cfg.scanIntervalMs;
      const delay = next ? next.getTime() - Date.now() : scan;
      schedule(Math.min(scan, delay <= 0 ? BUSY_RECHECK_MS : delay));
    } catch (error) {
      if (!stopping) {
        logger.warn('publication worker could not read the queue; retrying', error);
        schedule(Math.min(config().scanIntervalMs, 5_000));
      }
    } finally {
      ticking = false;
      if (tickAgain && !stopping) {
        tickAgain = false;
        void tick();
      }
    }
  };

  return {
    owner,
    start() {
      if (started || !config().enabled) return;
      started = true;
      void tick();
    },
    /** Queued work is picked up at once instead of at the next scan. */
    wake() {
      if (!started || stopping) return;
      setImmediate(() => void tick());
    },
    /** How many publications this instance is working on right now. */
    activeCount: () => active.size,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const grace = config().stopGraceMs;
      const all = Promise.allSettled([...active.values()]);
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, grace)))]);
      if (graceTimer) clearTimeout(graceTimer);
      // Steps still running now keep their lease: it lapses and another instance resumes them.
      abandoned = true;
    },
  };
};

export type Worker = ReturnType<typeof createWorker>;
