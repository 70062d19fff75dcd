import type { SandboxClock } from '../clock';
import { DAY } from '../clock';

/** Per-account event times in a rolling 24 h window of the sandbox clock (publishes, container creations). */
export class RollingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(private readonly clock: SandboxClock) {}

  /** Times inside the window, oldest first; older ones are pruned in place. */
  within(igUserId: string): number[] {
    const list = this.times.get(igUserId);
    if (!list) return [];
    const since = this.clock.now() - DAY;
    let drop = 0;
    while (drop < list.length && list[drop] <= since) drop++;
    if (drop) list.splice(0, drop);
    return list;
  }

  count(igUserId: string): number {
    return this.within(igUserId).length;
  }

  record(igUserId: string): void {
    let list = this.times.get(igUserId);
    if (!list) this.times.set(igUserId, (list = []));
    list.push(this.clock.now());
  }
}

/** What Meta counts per account: published posts (content_publishing_limit) and containers created (400 a day). */
export class Quota {
  readonly publishes: RollingWindow;
  readonly containers: RollingWindow;

  constructor(clock: SandboxClock) {
    this.publishes = new RollingWindow(clock);
    this.containers = new RollingWindow(clock);
  }
}
