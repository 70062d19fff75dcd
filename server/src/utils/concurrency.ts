/**
 * Runs `worker` over an async source with at most `limit` items in flight. Workers pull
 * from one shared iterator, so a slow page fetch or a slow item never idles the others
 * and the source is read lazily (a large table never sits in memory at once).
 */
export const forEachConcurrently = async <T>(
  source: AsyncIterable<T>,
  limit: number,
  worker: (item: T) => Promise<void>
): Promise<void> => {
  const iterator = source[Symbol.asyncIterator]();
  const lane = async () => {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      await worker(next.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, lane));
};
