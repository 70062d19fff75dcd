/**
 * The geometry of a small line chart, kept apart from React so it is unit-tested: where each point
 * goes inside a `width` × `height` box, and the value range the axis labels show.
 */
export interface ChartBox {
  width: number;
  height: number;
  /** Room left for the axis labels. */
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface ChartPoint {
  x: number;
  y: number;
  value: number;
  label: string;
}

export interface ChartGeometry {
  points: ChartPoint[];
  min: number;
  max: number;
  /** The SVG path of the line ('' under two points). */
  line: string;
  /** The line closed down to the baseline, for a light fill under it ('' under two points). */
  area: string;
  baseline: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Places the values left to right, evenly (one per day the series has), scaled between the lowest
 * and the highest value. A flat series (or a single point) sits in the middle rather than on an
 * edge, and a range is widened a little so the line never touches the frame.
 */
export const chartGeometry = (values: ReadonlyArray<{ value: number; label: string }>, box: ChartBox): ChartGeometry => {
  const { width, height, padding } = box;
  const innerWidth = width - padding.left - padding.right;
  const innerHeight = height - padding.top - padding.bottom;
  const baseline = padding.top + innerHeight;
  if (values.length === 0) return { points: [], min: 0, max: 0, line: '', area: '', baseline };

  const numbers = values.map((item) => item.value);
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const spread = high - low;
  const margin = spread === 0 ? Math.max(1, Math.abs(high) * 0.05) : spread * 0.1;
  const min = low - margin;
  const max = high + margin;

  const xOf = (index: number) => (values.length === 1 ? padding.left + innerWidth / 2 : padding.left + (innerWidth * index) / (values.length - 1));
  const yOf = (value: number) => padding.top + innerHeight * (1 - (value - min) / (max - min));

  const points = values.map((item, index) => ({ x: round(xOf(index)), y: round(yOf(item.value)), value: item.value, label: item.label }));
  if (points.length < 2) return { points, min: low, max: high, line: '', area: '', baseline };
  const line = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x},${point.y}`).join(' ');
  const area = `${line} L${points[points.length - 1]!.x},${baseline} L${points[0]!.x},${baseline} Z`;
  return { points, min: low, max: high, line, area, baseline };
};
