import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PublicationView } from '../api';
import { useT } from '../hooks/useT';
import { DATE_TIME_ZONED } from '../utils/formats';

/** The moment that matters for a publication's state: published, scheduled, resuming, or created. */
export const PublicationWhen = ({ publication }: { publication: PublicationView }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const format = (iso: string) => formatDate(new Date(iso), DATE_TIME_ZONED);

  let text: string;
  if (publication.status === 'published' && publication.publishedAt) text = t('publication.when.published', { date: format(publication.publishedAt) });
  else if (publication.status === 'deferred' && publication.runAt) text = t('publication.when.deferred', { date: format(publication.runAt) });
  else if (publication.scheduledAt && publication.status === 'queued' && new Date(publication.scheduledAt).getTime() > Date.now())
    text = t('publication.when.scheduled', { date: format(publication.scheduledAt) });
  else if (publication.scheduledAt && publication.status === 'cancelled')
    text = t('publication.when.wasScheduled', { date: format(publication.scheduledAt) });
  else text = t('publication.when.created', { date: format(publication.createdAt) });

  return (
    <Typography variant="pi" textColor="neutral600">
      {text}
    </Typography>
  );
};
