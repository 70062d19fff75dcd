import type { SandboxApi, SandboxFault, SandboxFaultError, SandboxFaultHandle } from './types';

interface ActiveFault {
  fault: SandboxFault;
  remaining: number;
  hits: number;
  removed: boolean;
}

export interface FaultProbe {
  method: string;
  api: SandboxApi | 'unknown';
  path: string;
  params: Record<string, string>;
}

export class FaultBook {
  private faults: ActiveFault[] = [];

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
