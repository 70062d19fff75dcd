/**
 * Where an end user's browser may be sent back after OAuth: only under one of the app's configured
 * `endUsers.returnUrls` (same origin, path under the entry's path), so the callback can never be
 * turned into an open redirect that carries a one-time result to someone else's site.
 */

/** An encoded slash or backslash: a server that decodes it before routing could climb out of the prefix. */
const ENCODED_SEPARATOR = /%2f|%5c/i;

/**
 * Whether `path` lies under `prefix` segment by segment: `/app` admits `/app` and `/app/x` but not
 * `/application`; `/app/` admits `/app/` and below. Both are already normalised by URL parsing.
 */
const isUnderPath = (path: string, prefix: string) => {
  if (prefix.endsWith('/')) return path.startsWith(prefix);
  return path === prefix || path.startsWith(`${prefix}/`);
};

export type ReturnToCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Checks a requested `returnTo` against the allowed return URLs and answers it normalised (dot
 * segments resolved, default port dropped) or the reason it is refused, in words a developer can act on.
 */
export const checkReturnTo = (returnTo: string, allowed: readonly string[]): ReturnToCheck => {
  let url: URL;
  try {
    url = new URL(returnTo);
  } catch {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'must be an absolute http(s) URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
  if (ENCODED_SEPARATOR.test(url.pathname)) return { ok: false, reason: 'must not contain an encoded slash or backslash in its path' };
  if (allowed.length === 0) {
    return { ok: false, reason: 'cannot be accepted: the app lists no return URLs yet (endUsers.returnUrls in config/plugins.ts)' };
  }
  const admitted = allowed.some((entry) => {
    const base = new URL(entry);
    return base.origin === url.origin && isUnderPath(url.pathname, base.pathname);
  });
  if (!admitted) return { ok: false, reason: 'must be an address under one of the app’s return URLs (endUsers.returnUrls)' };
  return { ok: true, url: url.href };
};

/** `returnTo` with the flow's outcome in its query, keeping its own parameters (and its fragment). */
export const returnToWith = (returnTo: string, outcome: { result: string } | { error: string; message: string }): string => {
  const url = new URL(returnTo);
  // One outcome only, whatever the page's own query held under these names.
  for (const name of ['result', 'error', 'message']) url.searchParams.delete(name);
  for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
  return url.href;
};
