import { Flex, Typography } from '@strapi/design-system';
import type { Preview } from '../api';
import { useT } from '../hooks/useT';

/** Meta's caption limits (shared/instagram-api.md): longer captions or more tags are refused. */
export const CAPTION_LIMITS = { characters: 2200, hashtags: 30, mentions: 20 } as const;

/** "123 / 2,200 characters · 3 / 30 hashtags · 0 / 20 mentions", red past a limit. */
export const CaptionCounts = ({ counts }: { counts: Preview['counts'] }) => {
  const t = useT();
  const item = (key: keyof typeof CAPTION_LIMITS) => {
    const over = counts[key] > CAPTION_LIMITS[key];
    return (
      <Typography key={key} variant="pi" textColor={over ? 'danger600' : 'neutral600'} fontWeight={over ? 'bold' : undefined} data-testid={`count-${key}`}>
        {t(`preview.count.${key}`, { count: counts[key], limit: CAPTION_LIMITS[key] })}
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
