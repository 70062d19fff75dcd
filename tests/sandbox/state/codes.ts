import type { SandboxClock } from '../clock';
import { mintCode } from '../ids';
import { LIFETIME } from './scopes';
import type { LoginKind } from './tokens';

export interface CodeRecord {
  code: string;
  kind: LoginKind;
  appId: string;
  redirectUri: string;
  subjectId: string;
  /** Granted scopes: those asked for, minus the declined ones. */
  scopes: string[];
  declined: string[];
  pageIds?: string[];
  issuedAt: number;
  usedAt?: number;
}

export type CodeRequest = Omit<CodeRecord, 'code' | 'issuedAt' | 'usedAt' | 'scopes'> & { requested: string[] };

/** Why a code cannot be exchanged; each login answers these in its own error shape. */
export type CodeRefusal = 'invalid' | 'used' | 'expired' | 'redirect-mismatch';

/** Authorization codes: issued by the consent pages, single-use, dead after an hour (shared/instagram-api.md §6). */
export class CodeBook {
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly clock: SandboxClock) {}

  issue(request: CodeRequest): string {
    const { requested, ...rest } = request;
    const code = mintCode();
    this.codes.set(code, { ...rest, code, scopes: requested.filter((s) => !request.declined.includes(s)), issuedAt: this.clock.now() });
    return code;
  }

  /** Spend a code, or say why it cannot be spent (checked in Meta's order). */
  redeem(code: string, kind: LoginKind, appId: string, redirectUri: string): CodeRecord | CodeRefusal {
    const rec = this.codes.get(code);
    if (!rec || rec.kind !== kind || rec.appId !== appId) return 'invalid';
    if (rec.usedAt !== undefined) return 'used';
    if (this.clock.now() - rec.issuedAt >= LIFETIME.code) return 'expired';
    if (rec.redirectUri !== redirectUri) return 'redirect-mismatch';
    rec.usedAt = this.clock.now();
    return rec;
  }
}
