import { chartGeometry, type ChartBox } from '../../../admin/src/utils/chart';

const box: ChartBox = { width: 400, height: 200, padding: { top: 10, right: 10, bottom: 30, left: 50 } };
const series = (...values: number[]) => values.map((value, index) => ({ value, label: `2026-03-0${index + 1}` }));

describe('followers chart geometry', () => {
  it('draws nothing for no points', () => {
    expect(chartGeometry([], box)).toMatchObject({ points: [], line: '', area: '' });
  });

  it('puts a single point in the middle, with no line', () => {
    const geometry = chartGeometry(series(1500), box);
    expect(geometry.points).toEqual([{ x: 220, y: 90, value: 1500, label: '2026-03-01' }]);
    expect(geometry.line).toBe('');
    expect(geometry).toMatchObject({ min: 1500, max: 1500 });
  });

  it('spreads many points across the width, the highest value highest, inside the frame', () => {
    const geometry = chartGeometry(series(100, 150, 120, 200), box);
    expect(geometry.points.map((point) => point.x)).toEqual([50, 163.3, 276.7, 390]);
    const ys = geometry.points.map((point) => point.y);
    // SVG y grows downwards: 200 is the highest point, 100 the lowest.
    expect(Math.min(...ys)).toBe(ys[3]);
    expect(Math.max(...ys)).toBe(ys[0]);
    for (const y of ys) {
      expect(y).toBeGreaterThan(10);
      expect(y).toBeLessThan(170);
    }
    expect(geometry.line).toBe(`M50,${ys[0]} L163.3,${ys[1]} L276.7,${ys[2]} L390,${ys[3]}`);
    expect(geometry.area.endsWith('L390,170 L50,170 Z')).toBe(true);
    expect(geometry).toMatchObject({ min: 100, max: 200, baseline: 170 });
  });

  it('draws a flat series across the middle rather than on an edge', () => {
    const geometry = chartGeometry(series(0, 0, 0), box);
    expect(new Set(geometry.points.map((point) => point.y))).toEqual(new Set([90]));
  });
});
