import { Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { InsightMetricName, PublicationView } from '../api';
import { usePublicationInsights } from '../hooks/usePublicationInsights';
import { useT } from '../hooks/useT';
import { DATE_TIME } from '../utils/formats';

/** Three to a row in the narrow side panel, aligned whichever numbers a post has. */
const NumbersGrid = styled.div`
  display: grid;
  grid-template-columns: repeat(3, minmax(0, 1fr));
  gap: ${({ theme }) => theme.spaces[2]};
`;

type NumberName = 'likes' | 'comments' | 'reach' | 'views' | 'saved' | 'shares';
const METRICS: ReadonlyArray<NumberName & InsightMetricName> = ['reach', 'views', 'saved', 'shares'];

/**
 * A live post's latest numbers in the entry's panel: likes, comments, and the insights Meta had
 * (reach, views, saved, shares), each only when present. Comments come from the publication's own
 * count, which a comment notification moves between two reads.
 */
export const PostNumbers = ({ publication }: { publication: PublicationView }) => {
  const t = useT();
  const { formatNumber, formatDate } = useIntl();
  const revision = [publication.likeCount, publication.commentCount, publication.reachCount, publication.lastCommentAt].join('|');
  const insights = usePublicationInsights(publication.id, revision);

  if (!insights.data) {
    return insights.error ? (
      <Typography variant="pi" textColor="danger600" data-testid="post-numbers-error">
        {t('postNumbers.error')}
      </Typography>
    ) : (
      <Loader small>{t('common.loading')}</Loader>
    );
  }
  const { status, latest, syncedAt } = insights.data;
  if (status === 'pending' || !latest) {
    return (
      <Typography variant="pi" textColor="neutral600" data-testid="post-numbers-pending">
        {t('postNumbers.pending')}
      </Typography>
    );
  }

  const numbers: Array<[NumberName, number | null | undefined]> = [
    ['likes', latest.likes],
    ['comments', publication.commentCount ?? latest.comments],
    ...METRICS.map((name): [NumberName, number | undefined] => [name, latest.metrics[name]]),
  ];
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="post-numbers" data-status={status}>
      <NumbersGrid>
        {numbers
          .filter((entry): entry is [NumberName, number] => typeof entry[1] === 'number')
          .map(([name, value]) => (
            <Flex key={name} direction="column" alignItems="flex-start" data-testid={`post-number-${name}`}>
              <Typography fontWeight="bold" textColor="neutral800">
                {formatNumber(value)}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {t(`postNumbers.${name}`)}
              </Typography>
            </Flex>
          ))}
      </NumbersGrid>
      {status === 'reconnect' || status === 'unavailable' ? (
        <Typography variant="pi" textColor="warning700" data-testid={`post-numbers-${status}`}>
          {t(status === 'reconnect' ? 'postNumbers.reconnect' : 'postNumbers.unavailable')}
        </Typography>
      ) : null}
      {syncedAt ? (
        <Typography variant="pi" textColor="neutral500">
          {t('postNumbers.asOf', { date: formatDate(new Date(syncedAt), DATE_TIME) })}
        </Typography>
      ) : null}
    </Flex>
  );
};
