import type {
  SandboxApi,
  SandboxChaos,
  SandboxChaosHandle,
  SandboxChaosKind,
  SandboxFault,
  SandboxFaultError,
  SandboxFaultHandle,
} from './types';

interface ActiveFault {
  fault: SandboxFault;
  remaining: number;
  hits: number;
  removed: boolean;
  /** Set for a chaos entry: it draws a fresh fault for each call it hits. */
  chaos?: ChaosDraw;
}

export interface FaultProbe {
  method: string;
  api: SandboxApi | 'unknown';
  path: string;
  params: Record<string, string>;
  /** The Instagram account the call counts against (its token's), for throttling headers keyed by account. */
  account?: string;
}

export const CHAOS_KINDS: readonly SandboxChaosKind[] = ['transient', 'serverError', 'badGateway', 'timeoutAfterEffect', 'dropAfterEffect', 'throttled'];
const THROTTLE_CODES = [4, 17, 32, 613, 80002] as const;

/** mulberry32: small, fast and good enough to draw faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One chaos entry: its PRNG, its weights and what it drew so far. */
class ChaosDraw {
  readonly drawn = Object.fromEntries(CHAOS_KINDS.map((kind) => [kind, 0])) as Record<SandboxChaosKind, number>;
  private readonly random: () => number;
  private readonly weights: Array<[SandboxChaosKind, number]>;
  private readonly total: number;

  constructor(private readonly spec: SandboxChaos) {
    if (!(spec.rate >= 0 && spec.rate <= 1)) throw new RangeError('chaos.rate must be within 0..1');
    if (!Number.isInteger(spec.seed)) throw new RangeError('chaos.seed must be an integer');
    this.random = seededRandom(spec.seed);
    this.weights = CHAOS_KINDS.map((kind) => [kind, spec.weights?.[kind] ?? 1]);
    if (this.weights.some(([, weight]) => !(weight >= 0))) throw new RangeError('chaos.weights must be 0 or more');
    this.total = this.weights.reduce((sum, [, weight]) => sum + weight, 0);
    if (this.total <= 0) throw new RangeError('chaos.weights must leave at least one kind');
  }

  /**
   * The fault for the next matching call, or undefined when it is spared. Three draws per call,
   * hit or not, so the n-th call's fate does not depend on what the earlier ones drew.
   */
  next(probe: FaultProbe): SandboxFault | undefined {
    const [hit, which, variant] = [this.random(), this.random(), this.random()];
    if (hit >= this.spec.rate) return undefined;
    let left = which * this.total;
    let kind = this.weights[this.weights.length - 1][0];
    for (const [candidate, weight] of this.weights) {
      if (weight > 0 && left < weight) {
        kind = candidate;
        break;
      }
      left -= weight;
    }
    this.drawn[kind] += 1;
    return chaosFault(kind, variant, probe, this.spec.throttleUsage ?? 100);
  }
}

/** The fault a chaos hit of `kind` puts on a call; `variant` in 0..1 picks the code. */
export function chaosFault(kind: SandboxChaosKind, variant: number, probe: Pick<FaultProbe, 'account'>, throttleUsage = 100): SandboxFault {
  const pick = <T>(list: readonly T[]) => list[Math.min(list.length - 1, Math.floor(variant * list.length))];
  switch (kind) {
    case 'transient': {
      const [code, status] = pick([[2, 500], [1, 500], [2, 503], [1, 503]] as const);
      return { error: faults.transient(code, status), label: `chaos: transient ${code}, HTTP ${status}` };
    }
    case 'serverError':
      return { error: faults.serverError(), label: 'chaos: server error -1/2207001' };
    case 'badGateway':
      return { error: faults.badGateway(), label: 'chaos: bare 502' };
    case 'timeoutAfterEffect':
      return { afterEffect: true, hang: true, label: 'chaos: no answer after the effect' };
    case 'dropAfterEffect':
      return { afterEffect: true, dropConnection: true, label: 'chaos: connection reset after the effect' };
    case 'throttled': {
      const code = pick(THROTTLE_CODES);
      return { error: throttledAt(code, probe.account, throttleUsage), label: `chaos: throttled ${code}` };
    }
  }
}

/**
 * A throttling error as Meta sends it for one call: code 4 (the app's limit) with X-App-Usage
 * over the line; the per-account codes with X-Business-Use-Case-Usage over the line for the
 * call's account (and X-Page-Usage for 32). No regain estimate: Meta often gives none.
 */
export function throttledAt(code: (typeof THROTTLE_CODES)[number], account: string | undefined, usage = 100): SandboxFaultError {
  const counters = { call_count: usage, total_cputime: usage, total_time: usage };
  const headers: Record<string, string> = {};
  if (code === 4 || !account) headers['x-app-usage'] = JSON.stringify(counters);
  if (code !== 4 && account) {
    headers['x-business-use-case-usage'] = JSON.stringify({
      [account]: [{ type: code === 80002 ? 'instagram' : 'pages', ...counters, estimated_time_to_regain_access: 0 }],
    });
  }
  if (code === 32) headers['x-page-usage'] = JSON.stringify(counters);
  return { code, httpStatus: 400, isTransient: true, headers };
}

export class FaultBook {
  private faults: ActiveFault[] = [];

  /** Seeded random faults on a share of the matching calls (see SandboxChaos). */
  addChaos(spec: SandboxChaos): SandboxChaosHandle {
    const chaos = new ChaosDraw(spec);
    const active: ActiveFault = { fault: { match: spec.match }, remaining: Infinity, hits: 0, removed: false, chaos };
    this.faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      drawn: chaos.drawn,
      remove: () => {
        active.removed = true;
        this.faults = this.faults.filter((f) => f !== active);
      },
    };
  }

  add(fault: SandboxFault): SandboxFaultHandle {
    if (fault.rate !== undefined && (fault.rate < 0 || fault.rate > 1)) throw new RangeError('fault.rate must be within 0..1');
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) throw new RangeError('fault.times must be a positive integer');
    const active: ActiveFault = { fault, remaining: fault.times ?? Infinity, hits: 0, removed: false };
    this.faults.push(active);
    return {
      get hits() {
        return active.hits;
      },
      remove: () => {
        active.removed = true;
        this.faults = this.faults.filter((f) => f !== active);
      },
    };
  }

  clear(): void {
    for (const f of this.faults) f.removed = true;
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** The first matching fault that fires for this call (consuming one of its `times`). */
  take(probe: FaultProbe): SandboxFault | undefined {
    for (const active of this.faults) {
      if (!matches(active.fault, probe)) continue;
      if (active.chaos) {
        const drawn = active.chaos.next(probe);
        if (!drawn) continue;
        active.hits++;
        return drawn;
      }
      if (active.fault.rate !== undefined && Math.random() >= active.fault.rate) continue;
      active.hits++;
      active.remaining--;
      if (active.remaining <= 0) {
        active.removed = true;
        this.faults = this.faults.filter((f) => f !== active);
      }
      return active.fault;
    }
    return undefined;
  }
}

function matches(f: SandboxFault, p: FaultProbe): boolean {
  const m = f.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== p.method.toUpperCase()) return false;
  if (m.api && m.api !== p.api) return false;
  if (m.path !== undefined && !(typeof m.path === 'string' ? m.path === p.path : testRegExp(m.path, p.path))) return false;
  if (m.params) {
    for (const [k, v] of Object.entries(m.params)) {
      const actual = p.params[k];
      if (actual === undefined) return false;
      if (typeof v === 'string' ? v !== actual : !testRegExp(v, actual)) return false;
    }
  }
  return true;
}

/** The call log's note for a fault without a label, e.g. "error 4/2207051, delay 300ms". */
export function describeFault(f: SandboxFault): string {
  const parts: string[] = [];
  if (f.error) parts.push(`error ${f.error.code}${f.error.subcode !== undefined ? `/${f.error.subcode}` : ''}`);
  if (f.delayMs) parts.push(`delay ${f.delayMs}ms`);
  if (f.dropConnection) parts.push('drop');
  if (f.hang) parts.push('no answer');
  if (f.afterEffect) parts.push('after effect');
  if (f.containerError) parts.push(`container error ${f.containerError.subcode}`);
  return parts.join(', ') || 'fault';
}

/** A /g or /y RegExp keeps lastIndex between calls; reset it so a fault matches every time. */
function testRegExp(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

/** Ready-made fault bodies for the error classes of shared/instagram-api.md §3. */
export const faults = {
  /** Rate limits: 4 app, 17 user, 32 page, 613 custom, 80002 Instagram account; with Meta's usage headers. */
  throttled(code: 4 | 17 | 32 | 613 | 80002 = 80002, opts: { minutes?: number; businessId?: string } = {}): SandboxFaultError {
    const minutes = opts.minutes ?? 5;
    const usage = { call_count: 100, total_cputime: 100, total_time: 100 };
    const headers: Record<string, string> = {
      'x-app-usage': JSON.stringify(usage),
      'x-business-use-case-usage': JSON.stringify({
        [opts.businessId ?? '17841400000000001']: [{ type: code === 80002 ? 'instagram' : 'pages', ...usage, estimated_time_to_regain_access: minutes }],
      }),
    };
    if (code === 32) headers['x-page-usage'] = JSON.stringify(usage);
    return { code, httpStatus: 400, isTransient: true, headers };
  },
  /** Outage: code 1 or 2 with HTTP 500. */
  transient(code: 1 | 2 = 2, httpStatus = 500): SandboxFaultError {
    return { code, httpStatus, isTransient: true };
  },
  /** Instagram server error -1/2207001. */
  serverError(): SandboxFaultError {
    return { code: -1, subcode: 2207001, httpStatus: 400, isTransient: true };
  },
  /** A bare 502 from a proxy in front of Graph: not even JSON. */
  badGateway(): SandboxFaultError {
    return { code: 1, httpStatus: 502, rawBody: { contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' } };
  },
  builderBusy(): SandboxFaultError {
    return { code: 24, subcode: 2207008, httpStatus: 400 };
  },
  spam(): SandboxFaultError {
    return { code: 4, subcode: 2207051, httpStatus: 400, isTransient: false };
  },
  restricted(): SandboxFaultError {
    return { code: 25, subcode: 2207050, httpStatus: 400 };
  },
  blocked(): SandboxFaultError {
    return { code: 368, httpStatus: 400, message: 'The action attempted has been deemed abusive or is otherwise disallowed' };
  },
  tokenInvalid(subcode = 460): SandboxFaultError {
    return { code: 190, subcode, httpStatus: 400 };
  },
  quotaReached(): SandboxFaultError {
    return { code: 9, subcode: 2207042, httpStatus: 400 };
  },
  notReady(): SandboxFaultError {
    return { code: 9007, subcode: 2207027, httpStatus: 400, message: 'Media ID is not available' };
  },
  downloadFailed(): SandboxFaultError {
    return { code: 9004, subcode: 2207052, httpStatus: 400 };
  },
};
