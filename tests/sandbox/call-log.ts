import type { CallFilter, SandboxCall } from './types';

/** The log of every API call: tests count calls with it and prove that nothing was published twice. */
export class CallLog {
  readonly calls: SandboxCall[] = [];
  private readonly listeners = new Set<(c: SandboxCall) => void>();
  private seq = 0;

  constructor(private readonly limit: () => number) {}

  /** Number the call, keep it and tell the listeners. */
  record(call: Omit<SandboxCall, 'seq'>): void {
    const entry = { seq: ++this.seq, ...call } as SandboxCall;
    const calls = this.calls;
    calls.push(entry);
    const limit = this.limit();
    // Trim in chunks so a long-running playground does not pay an O(n) splice per call.
    if (limit > 0 && calls.length > limit + Math.max(1, Math.floor(limit / 10))) calls.splice(0, calls.length - limit);
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch {
        // A broken listener must not break the sandbox.
      }
    }
  }

  count(filter?: CallFilter): number {
    let n = 0;
    for (const c of this.calls) if (matches(c, filter)) n++;
    return n;
  }

  find(filter?: CallFilter): SandboxCall[] {
    return this.calls.filter((c) => matches(c, filter));
  }

  last(filter?: CallFilter): SandboxCall | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) if (matches(this.calls[i], filter)) return this.calls[i];
    return undefined;
  }

  /** Empty the log; numbering starts again at 1. */
  clear(): void {
    this.calls.length = 0;
    this.seq = 0;
  }

  listen(listener: (call: SandboxCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  unlistenAll(): void {
    this.listeners.clear();
  }
}

function matches(c: SandboxCall, f: CallFilter | undefined): boolean {
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
