/**
 * Followers over time, drawn as inline SVG with the design system's theme colours and fonts.
 * Why no chart library: one line of at most 365 points needs none of their features, Strapi's
 * admin bundle ships none we could share, and the well-kept ones (recharts, visx, chart.js) each
 * add tens of kilobytes plus their own styling that would not follow the admin's theme (dark
 * mode included), which `useTheme()` tokens do here for free.
 *
 * Accessible: the SVG has a title and a description saying the trend in words, and a visually
 * hidden table lists every day's value for screen readers.
 */
import { Box, Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { useId } from 'react';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import type { AccountDayView } from '../api';
import { useT } from '../hooks/useT';
import { chartGeometry, type ChartBox } from '../utils/chart';

const BOX: ChartBox = { width: 640, height: 220, padding: { top: 16, right: 24, bottom: 32, left: 64 } };

interface FollowersChartProps {
  series: AccountDayView[];
  username: string;
}

export const FollowersChart = ({ series, username }: FollowersChartProps) => {
  const t = useT();
  const theme = useTheme() as unknown as { colors: Record<string, string> };
  const { formatNumber, formatDate } = useIntl();
  const id = useId();
  const day = (iso: string) => formatDate(new Date(`${iso}T00:00:00Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const count = (value: number) => formatNumber(value, { notation: value >= 100_000 ? 'compact' : 'standard' });

  const known = series.filter((point): point is AccountDayView & { followers: number } => point.followers !== null);
  const title = t('insights.chart.title', { username });

  if (known.length === 0) {
    return (
      <Box padding={6} background="neutral100" hasRadius data-testid="followers-chart-empty">
        <Typography textColor="neutral600">{t('insights.chart.empty')}</Typography>
      </Box>
    );
  }

  const geometry = chartGeometry(
    known.map((point) => ({ value: point.followers, label: point.day })),
    BOX
  );
  const highest = geometry.points.find((point) => point.value === geometry.max)!;
  const lowest = geometry.points.find((point) => point.value === geometry.min)!;
  const first = known[0]!;
  const last = known[known.length - 1]!;
  const description =
    known.length === 1
      ? t('insights.chart.descOne', { date: day(first.day), count: count(first.followers) })
      : t('insights.chart.desc', { from: day(first.day), to: day(last.day), start: count(first.followers), end: count(last.followers), min: count(geometry.min), max: count(geometry.max) });
  const colors = theme.colors;
  const labelStyle = { fontSize: 12, fill: colors.neutral600 };

  return (
    <Box data-testid="followers-chart">
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        style={{ display: 'block', maxHeight: 260 }}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {/* The baseline, and a guide at the highest count with the highest and lowest counts beside their points. */}
        <line x1={BOX.padding.left} x2={BOX.width - BOX.padding.right} y1={geometry.baseline} y2={geometry.baseline} stroke={colors.neutral200} />
        <line x1={BOX.padding.left} x2={BOX.width - BOX.padding.right} y1={highest.y} y2={highest.y} stroke={colors.neutral150} strokeDasharray="4 4" />
        <text x={BOX.padding.left - 8} y={highest.y + 4} textAnchor="end" style={labelStyle}>
          {count(geometry.max)}
        </text>
        {geometry.max !== geometry.min ? (
          <text x={BOX.padding.left - 8} y={lowest.y + 4} textAnchor="end" style={labelStyle}>
            {count(geometry.min)}
          </text>
        ) : null}
        {geometry.area ? <path d={geometry.area} fill={colors.primary100} opacity={0.6} /> : null}
        {geometry.line ? <path d={geometry.line} fill="none" stroke={colors.primary600} strokeWidth={2} strokeLinejoin="round" /> : null}
        {/* Dots only while they stay readable; a year of days is a line. */}
        {geometry.points.length <= 62
          ? geometry.points.map((point) => <circle key={point.label} cx={point.x} cy={point.y} r={geometry.points.length === 1 ? 5 : 3} fill={colors.primary600} />)
          : null}
        <text x={geometry.points[0]!.x} y={BOX.height - 8} textAnchor={known.length === 1 ? 'middle' : 'start'} style={labelStyle}>
          {day(first.day)}
        </text>
        {known.length > 1 ? (
          <text x={geometry.points[geometry.points.length - 1]!.x} y={BOX.height - 8} textAnchor="end" style={labelStyle}>
            {day(last.day)}
          </text>
        ) : null}
      </svg>
      <VisuallyHidden>
        <table data-testid="followers-table">
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('insights.chart.day')}</th>
              <th scope="col">{t('insights.followers')}</th>
            </tr>
          </thead>
          <tbody>
            {known.map((point) => (
              <tr key={point.day}>
                <td>{day(point.day)}</td>
                <td>{formatNumber(point.followers)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
      <Flex justifyContent="flex-end">
        <Typography variant="pi" textColor="neutral600">
          {t('insights.chart.points', { count: known.length })}
        </Typography>
      </Flex>
    </Box>
  );
};
