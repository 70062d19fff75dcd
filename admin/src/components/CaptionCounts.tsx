import { Flex, Typography } from '@strapi/design-system';
import type { Preview } from '../api';
import { useT } from '../hooks/useT';

/**
 * "123 / 2,200 characters · 3 / 5 hashtags · 0 / 20 mentions", red past a limit. The limits come
 * from the server (its `limits` option), so the counter and the server's check never disagree.
 */
export const CaptionCounts = ({ counts, limits }: { counts: Preview['counts']; limits: Preview['limits'] }) => {
  const t = useT();
  const item = (key: keyof Preview['limits']) => {
    const over = counts[key] > limits[key];
    return (
      <Typography key={key} variant="pi" textColor={over ? 'danger600' : 'neutral600'} fontWeight={over ? 'bold' : undefined} data-testid={`count-${key}`}>
        {t(`preview.count.${key}`, { count: counts[key], limit: limits[key] })}
      </Typography>
    );
  };
  return (
    <Flex gap={3} wrap="wrap">
      {item('characters')}
      {item('hashtags')}
      {item('mentions')}
    </Flex>
  );
};
