import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxClock } from './clock';
import type { SandboxState } from './state';
import type { ResolvedSandboxOptions, SandboxApi } from './types';

export interface RequestContext {
  method: string;
  api: SandboxApi;
  /** Path inside the API, version stripped. */
  path: string;
  segments: string[];
  version?: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** Query and body merged as strings (body wins). */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  token?: string;
  /** Origin plus host prefix, e.g. http://127.0.0.1:4010/fb-graph */
  apiBase: string;
  /** Set by the Facebook Graph router. */
  appsecretProof?: 'valid' | 'invalid' | 'missing' | 'not-required';
  /** From an injected fault. */
  containerError?: { subcode: number; message?: string };
}

export interface SandboxStats {
  appsecretProof: { valid: number; invalid: number; missing: number };
}

export interface SandboxCore {
  state: SandboxState;
  clock: SandboxClock;
  options(): ResolvedSandboxOptions;
  baseUrl(): string;
  stats: SandboxStats;
  /** Guards async work so close() does not leave a download running against a dead server. */
  isClosed(): boolean;
}

/** The first value of a query/body parameter. */
export function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Every value, comma lists split, for repeatable sandbox_* parameters. */
export function all(v: string | string[] | undefined): string[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}
