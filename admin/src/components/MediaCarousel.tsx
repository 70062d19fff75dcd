import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight, Image as ImageIcon } from '@strapi/icons';
import { useState } from 'react';
import { styled } from 'styled-components';
import type { PreviewMedia } from '../api';
import { useT } from '../hooks/useT';

const Frame = styled(Box)<{ $ratio: number }>`
  position: relative;
  width: 100%;
  aspect-ratio: ${({ $ratio }) => $ratio};
  background: ${({ theme }) => theme.colors.neutral150};
  overflow: hidden;
`;

const Fill = styled.img`
  width: 100%;
  height: 100%;
  object-fit: cover;
  display: block;
`;

const FillVideo = styled.video`
  width: 100%;
  height: 100%;
  object-fit: cover;
  display: block;
`;

const Arrow = styled(Box)<{ $side: 'left' | 'right' }>`
  position: absolute;
  top: 50%;
  transform: translateY(-50%);
  ${({ $side }) => ($side === 'left' ? 'left: 8px;' : 'right: 8px;')}
`;

const Dot = styled.span<{ $active: boolean }>`
  width: 6px;
  height: 6px;
  border-radius: 50%;
  background: ${({ theme, $active }) => ($active ? theme.colors.primary600 : theme.colors.neutral300)};
`;

/** Clamps to Instagram's feed ratios (4:5 to 1.91:1; stories and reels 9:16). */
const frameRatio = (media: PreviewMedia | undefined, tall: boolean) => {
  if (tall) return 9 / 16;
  if (!media?.width || !media?.height) return 1;
  return Math.min(1.91, Math.max(0.8, media.width / media.height));
};

/** One image or video, or a carousel with arrows and dots, framed like the Instagram feed. */
export const MediaCarousel = ({ media, tall = false }: { media: PreviewMedia[]; tall?: boolean }) => {
  const t = useT();
  const [index, setIndex] = useState(0);
  const current = media[Math.min(index, media.length - 1)];

  if (!current) {
    return (
      <Frame $ratio={1}>
        <Flex height="100%" direction="column" justifyContent="center" gap={2}>
          <ImageIcon width="32" height="32" />
          <Typography variant="pi" textColor="neutral600">
            {t('preview.noMedia')}
          </Typography>
        </Flex>
      </Frame>
    );
  }

  return (
    <Box>
      <Frame $ratio={frameRatio(media[0], tall)}>
        {current.mime?.startsWith('video/') ? (
          <FillVideo src={current.url} muted playsInline controls aria-label={current.alt ?? ''} />
        ) : (
          <Fill src={current.url} alt={current.alt ?? ''} data-testid="preview-image" />
        )}
        {media.length > 1 && index > 0 ? (
          <Arrow $side="left">
            <IconButton label={t('preview.previous')} onClick={() => setIndex(index - 1)} variant="secondary">
              <ChevronLeft />
            </IconButton>
          </Arrow>
        ) : null}
        {media.length > 1 && index < media.length - 1 ? (
          <Arrow $side="right">
            <IconButton label={t('preview.next')} onClick={() => setIndex(index + 1)} variant="secondary">
              <ChevronRight />
            </IconButton>
          </Arrow>
        ) : null}
      </Frame>
      {media.length > 1 ? (
        <Flex justifyContent="center" gap={1} paddingTop={2}>
          {media.map((item, position) => (
            <Dot key={`${item.url}-${position}`} $active={position === index} />
          ))}
        </Flex>
      ) : null}
    </Box>
  );
};
