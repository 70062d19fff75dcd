import type { IncomingHttpHeaders } from 'node:http';
import { GraphError } from '../errors';
import type { SandboxApi } from '../types';

/** One port stands for five Meta hosts, told apart by the first path segment. */
const API_PREFIXES: ReadonlyArray<readonly [string, SandboxApi]> = [
  ['/ig-www', 'instagramAuthorize'],
  ['/ig-api', 'instagramApi'],
  ['/ig-graph', 'instagramGraph'],
  ['/fb-www', 'facebookDialog'],
  ['/fb-graph', 'facebookGraph'],
];

const VERSION = /^v\d+\.\d+$/;

export interface ApiPrefix {
  prefix: string;
  api: SandboxApi;
}

export function apiPrefixOf(pathname: string): ApiPrefix | undefined {
  const hit = API_PREFIXES.find(([p]) => pathname === p || pathname.startsWith(`${p}/`));
  return hit ? { prefix: hit[0], api: hit[1] } : undefined;
}

/** The path inside an API: decoded segments, any `v{N}.{M}` version taken off the front. */
export function splitApiPath(pathname: string, prefix: string): { segments: string[]; version?: string; path: string } {
  let segments: string[];
  try {
    segments = pathname.slice(prefix.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new GraphError({ code: 100, message: '(#100) Malformed path' });
  }
  const version = segments.length && VERSION.test(segments[0]) ? segments.shift() : undefined;
  return { segments, version, path: `/${segments.join('/')}` };
}

/** Graph takes the token from the Authorization header (Bearer or OAuth) or from access_token. */
export function extractToken(headers: IncomingHttpHeaders, params: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1].trim();
  }
  return params.access_token || undefined;
}
