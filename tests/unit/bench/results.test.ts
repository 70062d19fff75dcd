import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { atMost, createResults, equals } from '../../bench/results';
import { median, quantile, ratioInterval } from '../../bench/stats';

describe('bench results protocol', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-results-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const read = (bench: string) => JSON.parse(fs.readFileSync(path.join(dir, `${bench}.json`), 'utf8'));

  it('writes the bench, its times, its config and its figures with their targets', () => {
    // Given a bench with a timing over its target and an invariant that holds
    const results = createResults('demo', { posts: 3 }, dir);
    results.add(atMost('ratio', 1.2, 'ratio', 1.05));
    results.invariant('posts sent', 3, 3);

    // When it finishes
    results.finish();

    // Then the file follows the protocol; a missed timing does not fail the run
    const written = read('demo');
    expect(written).toMatchObject({ bench: 'demo', config: { size: 'full', posts: 3 } });
    expect(Date.parse(written.finishedAt)).toBeGreaterThanOrEqual(Date.parse(written.startedAt));
    expect(written.figures).toEqual([
      { name: 'ratio', value: 1.2, unit: 'ratio', target: '≤ 1.05', pass: false },
      { name: 'posts sent', value: 3, unit: 'count', target: '= 3', pass: true, note: 'invariant' },
    ]);
  });

  it('writes the file and then fails when an invariant is broken', () => {
    // Given a bench that sent a post twice
    const results = createResults('twice', {}, dir);
    results.invariant('media_publish calls', 4, 3, 'calls');

    // When it finishes, then it throws naming the invariant, after writing its figures
    expect(() => results.finish()).toThrow('twice: invariant broken: media_publish calls: 4, expected 3');
    expect(read('twice').figures[0]).toMatchObject({ value: 4, target: '= 3', pass: false });
  });

  it('computes medians, quantiles and a ratio interval that contains the ratio', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5);
    expect(equals('x', 5, 'calls', 5).pass).toBe(true);
    const on = Array.from({ length: 50 }, (_, i) => 110 + (i % 10));
    const off = Array.from({ length: 50 }, (_, i) => 100 + (i % 10));
    const [low, high] = ratioInterval(on, off);
    const ratio = median(on) / median(off);
    expect(low).toBeLessThanOrEqual(ratio);
    expect(high).toBeGreaterThanOrEqual(ratio);
  });
});
