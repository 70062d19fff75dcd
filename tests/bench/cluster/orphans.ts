import { heldBy, type PublicationReader } from './publications';

interface Orphan {
  documentId: string;
  deadPid: number;
  killedAt: number;
  /** When another lease owner (or no one, settled) first showed on the row. */
  resumedAt: number | null;
}

/**
 * Watches the posts a killed instance held a lease on: each waits until its lease expires and a
 * live worker claims it. Measures, per post, the time from the kill to the first read that shows
 * the row in other hands.
 */
export const watchOrphans = (reader: PublicationReader, intervalMs = 100) => {
  const orphans: Orphan[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const open = orphans.filter((orphan) => orphan.resumedAt === null);
      if (open.length) {
        const rows = new Map((await reader.rows()).map((row) => [row.documentId, row]));
        const now = Date.now();
        for (const orphan of open) {
          const owner = rows.get(orphan.documentId)?.leaseOwner;
          if (owner?.split(':')[1] !== String(orphan.deadPid)) orphan.resumedAt = now;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    /**
     * Records the posts `pid` held when it was killed (read after the kill: a dead process takes no
     * new lease). Published rows are counted apart: no worker runs a published row again, so their
     * after-posting work is not taken over (workload.ts reports them).
     */
    async killed(pid: number, killedAt: number) {
      const held = heldBy(await reader.rows(), pid);
      const inFlight = held.filter((row) => row.status !== 'published');
      for (const row of inFlight) orphans.push({ documentId: row.documentId, deadPid: pid, killedAt, resumedAt: null });
      return { inFlight: inFlight.length, published: held.length - inFlight.length };
    },
    async stop() {
      running = false;
      await loop;
      return orphans;
    },
  };
};
