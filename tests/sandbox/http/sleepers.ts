/** Timers the server waits on (latency, injected delays), so close() can wake them all at once. */
export class Sleepers {
  private readonly wakers = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Waits until `until` settles, `maxMs` passes or the server closes, whichever comes first. */
  hold(until: Promise<unknown>, maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.wakers.add(done);
      until.then(done, done);
    });
  }
}
