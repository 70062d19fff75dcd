import { createTtlCache } from '../../../server/src/utils/ttl-cache';

describe('TTL cache', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('serves a value until its time is up, then loads again', async () => {
    const cache = createTtlCache<number>({ ttlMs: 60_000, now });
    let loads = 0;
    const load = jest.fn(async (): Promise<number> => {
      loads += 1;
      return loads;
    });
    expect(await cache.getOrLoad('a', load)).toBe(1);
    clock += 59_999;
    expect(await cache.getOrLoad('a', load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
    clock += 1;
    expect(await cache.getOrLoad('a', load)).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps keys apart', async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, now });
    await cache.getOrLoad('a', async () => 'A');
    await cache.getOrLoad('b', async () => 'B');
    expect(cache.get('a')).toBe('A');
    expect(cache.get('b')).toBe('B');
  });

  it('shares one load between concurrent misses of a key', async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, now });
    let release!: (value: string) => void;
    const load = jest.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const both = Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    release('once');
    expect(await both).toEqual(['once', 'once']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not cache a failed load', async () => {
    const cache = createTtlCache<string>({ ttlMs: 1_000, now });
    await expect(cache.getOrLoad('k', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.getOrLoad('k', async () => 'back')).toBe('back');
  });

  it('caches nothing with a lifetime of 0, and reads the lifetime each time (config changes apply)', async () => {
    let ttl = 0;
    const cache = createTtlCache<number>({ ttlMs: () => ttl, now });
    const load = jest.fn(async () => 1);
    await cache.getOrLoad('k', load);
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    ttl = 5_000;
    await cache.getOrLoad('k', load);
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('evicts the oldest entries past its size bound', () => {
    const cache = createTtlCache<number>({ ttlMs: 60_000, maxEntries: 2, now });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10); // rewritten: now the newest
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(10);
    expect(cache.get('c')).toBe(3);
  });
});
