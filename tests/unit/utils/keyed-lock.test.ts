import { createKeyedLock } from '../../../server/src/utils/keyed-lock';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('one piece of work per key at a time', () => {
  it('runs work of one key in turn, and of different keys side by side', async () => {
    const lock = createKeyedLock();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = lock('ana', async () => {
      events.push('ana 1 start');
      await gate;
      events.push('ana 1 end');
      return 1;
    });
    const second = lock('ana', async () => {
      events.push('ana 2 start');
      return 2;
    });
    const other = lock('ben', async () => {
      events.push('ben start');
      return 3;
    });
    await tick();
    expect(events).toEqual(['ana 1 start', 'ben start']);
    release();
    expect(await Promise.all([first, second, other])).toEqual([1, 2, 3]);
    expect(events).toEqual(['ana 1 start', 'ben start', 'ana 1 end', 'ana 2 start']);
  });

  it('goes on with the next work after one fails, and hands the failure to its caller only', async () => {
    const lock = createKeyedLock();
    const failed = lock('ana', async () => {
      throw new Error('refused');
    });
    const next = lock('ana', async () => 'ok');
    await expect(failed).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ok');
  });
});
