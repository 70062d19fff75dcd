import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import type { Preview } from '../api';
import { useT } from '../hooks/useT';
import { AccountAvatar } from './AccountAvatar';
import { CaptionText } from './CaptionText';
import { MediaCarousel } from './MediaCarousel';

interface PostPreviewProps {
  preview: Preview;
  username?: string | null;
  pictureUrl?: string | null;
}

/** The post as it will appear on Instagram: account, media (or carousel), caption, alt text. */
export const PostPreview = ({ preview, username, pictureUrl }: PostPreviewProps) => {
  const t = useT();
  const name = username || t('preview.yourAccount');
  const alts = preview.media.map((media) => media.alt).filter((alt): alt is string => Boolean(alt));

  return (
    <Box background="neutral0" hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px" overflow="hidden" data-testid="post-preview">
      {/* The side panel is narrow: the kind goes under the name rather than cutting it, and only a name
          longer than the whole width breaks. */}
      <Flex padding={3} gap={2} justifyContent="space-between" wrap="wrap">
        <Flex gap={2} minWidth={0}>
          <AccountAvatar username={username ?? null} pictureUrl={pictureUrl ?? null} />
          <Typography variant="pi" fontWeight="bold" style={{ overflowWrap: 'anywhere' }} data-testid="preview-account">
            {name}
          </Typography>
        </Flex>
        {preview.kind ? (
          <Badge size="S" flex="none">
            {t(`postKind.${preview.kind}`)}
          </Badge>
        ) : null}
      </Flex>
      <MediaCarousel media={preview.media} tall={preview.kind === 'story' || preview.kind === 'reel'} />
      <Flex direction="column" alignItems="stretch" gap={2} padding={3}>
        {preview.kind !== 'story' ? <CaptionText username={name} caption={preview.caption} /> : null}
        {alts.length > 0 ? (
          <Typography variant="pi" textColor="neutral600" data-testid="alt-text">
            {t('preview.altText', { alt: alts.join(' · ') })}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
};
