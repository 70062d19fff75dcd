/**
 * Runs work for one key at a time within this process (the next waits for the previous), e.g. one
 * user's post requests, so a limit check and the write it allows are not interleaved with another
 * request of the same user. Across instances the store's unique indexes remain the guarantee.
 */
export const createKeyedLock = () => {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      // The last in line clears the entry, so the map holds only keys with work under way.
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
};
