import { Typography } from '@strapi/design-system';
import { useState } from 'react';
import { styled } from 'styled-components';
import { useT } from '../hooks/useT';

/** Instagram folds captions after about two lines in the feed. */
const FOLD_AT = 125;

const Text = styled(Typography)`
  white-space: pre-wrap;
  word-break: break-word;
`;

const MoreButton = styled.button`
  background: none;
  border: 0;
  padding: 0;
  cursor: pointer;
  color: ${({ theme }) => theme.colors.neutral500};
  font: inherit;
`;

/** The caption as Instagram shows it: username first, folded behind "more" when long. */
export const CaptionText = ({ username, caption }: { username: string; caption: string }) => {
  const t = useT();
  const [expanded, setExpanded] = useState(false);
  const long = caption.length > FOLD_AT || caption.split('\n').length > 2;
  const shown = long && !expanded ? `${caption.slice(0, FOLD_AT).split('\n').slice(0, 2).join('\n').trimEnd()}… ` : caption;

  return (
    <Text variant="omega" tag="p" data-testid="caption-preview">
      <Typography variant="omega" fontWeight="bold">
        {username}
      </Typography>{' '}
      {shown}
      {long ? (
        <MoreButton type="button" onClick={() => setExpanded((value) => !value)}>
          {expanded ? ` ${t('preview.less')}` : t('preview.more')}
        </MoreButton>
      ) : null}
    </Text>
  );
};
