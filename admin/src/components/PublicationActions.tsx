import { Button, Flex } from '@strapi/design-system';
import { ArrowClockwise, Cross } from '@strapi/icons';
import { CANCELLABLE_STATUSES, type PublicationView } from '../api';
import { useT } from '../hooks/useT';

interface PublicationActionsProps {
  publication: PublicationView;
  busy: string | null;
  onRetry: (id: string) => void;
  onCancel: (id: string) => void;
}

/** Retry a failed post, cancel one still waiting. */
export const PublicationActions = ({ publication, busy, onRetry, onCancel }: PublicationActionsProps) => {
  const t = useT();
  const canRetry = publication.status === 'failed' || publication.status === 'cancelled';
  const canCancel = CANCELLABLE_STATUSES.includes(publication.status);
  if (!canRetry && !canCancel) return null;
  return (
    <Flex gap={2}>
      {canRetry ? (
        <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} loading={busy === `retry:${publication.id}`} onClick={() => onRetry(publication.id)} data-testid="publication-retry">
          {t('publication.retry')}
        </Button>
      ) : null}
      {canCancel ? (
        <Button size="S" variant="danger-light" startIcon={<Cross />} loading={busy === `cancel:${publication.id}`} onClick={() => onCancel(publication.id)} data-testid="publication-cancel">
          {t('publication.cancel')}
        </Button>
      ) : null}
    </Flex>
  );
};
