import { createHash } from 'node:crypto';
import type { Store } from '../../../server/src/store/types';
import type { Fixtures } from './fixtures';

/** JSON with object keys sorted, so two reads of the same data always print the same. */
export const stableStringify = (value: unknown): string =>
  JSON.stringify(value, (_key, inner) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Date)
      ? Object.fromEntries(Object.keys(inner).sort().map((key) => [key, inner[key]]))
      : inner,
  );

const sha = (value: unknown) => createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 16);

export type Digest = Record<'connections' | 'publications' | 'settings' | 'oauth', string>;

/**
 * A digest of everything the plugin stores, read through the store interface only (so the check
 * holds for any backend): every connection and publication, the mappings and the data-deletion
 * record, and the OAuth records the fixtures know (the interface cannot list them; new ones are
 * caught by the write recorder instead).
 */
export const storedDigest = async (store: Store, fixtures: Fixtures): Promise<Digest> => {
  const publications: unknown[] = [];
  for (let page = 1; ; page += 1) {
    const { results, total } = await store.publications.list({ page, pageSize: 100 });
    publications.push(...results);
    if (page * 100 >= total) break;
  }
  return {
    connections: sha(await store.connections.list()),
    publications: sha(publications),
    settings: sha([await store.settings.get('mappings'), await store.settings.get(`data-deletion:${fixtures.deletionCode}`)]),
    oauth: sha(fixtures.pendingId ? await store.oauth.find(fixtures.pendingId, 'pending') : null),
  };
};

export const changedParts = (before: Digest, after: Digest) => (Object.keys(before) as Array<keyof Digest>).filter((key) => before[key] !== after[key]);

/** Store methods that write; the ones that add a record the digest cannot see are marked. */
const WRITES: Record<'connections' | 'oauth' | 'publications' | 'settings', Record<string, 'insert' | 'change'>> = {
  connections: { upsertByInstagramUserId: 'insert', update: 'change', patch: 'change', delete: 'change', claimForRefresh: 'change', reencryptTokens: 'change' },
  oauth: { create: 'insert', take: 'change', deleteExpired: 'change' },
  publications: { create: 'insert', createMany: 'insert', update: 'change', updateLeased: 'change', updateIfStatus: 'change', claimDue: 'change' },
  settings: { set: 'insert' },
};

/**
 * Wraps the store's writing methods to record each call (`oauth.create`), so a refused request
 * that inserted anything (even where the digest cannot look) is caught. `stop()` unwraps them.
 */
export const recordWrites = (store: Store) => {
  const calls: Array<{ name: string; kind: 'insert' | 'change' }> = [];
  const restore: Array<() => void> = [];
  for (const [repository, methods] of Object.entries(WRITES) as Array<[keyof typeof WRITES, Record<string, 'insert' | 'change'>]>) {
    const target = store[repository] as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [method, kind] of Object.entries(methods)) {
      const original = target[method];
      if (typeof original !== 'function') throw new Error(`store.${repository}.${method} is not a function: update the fuzz write list`);
      target[method] = function recorded(this: unknown, ...args: unknown[]) {
        calls.push({ name: `${repository}.${method}`, kind });
        return original.apply(this, args);
      };
      restore.push(() => {
        target[method] = original;
      });
    }
  }
  return {
    /** The calls since the last `take()`. */
    take: () => calls.splice(0, calls.length),
    stop: () => restore.forEach((undo) => undo()),
  };
};
