import { Badge } from '@strapi/design-system';
import type { PublicationStatus } from '../api';
import { useT } from '../hooks/useT';

const VARIANT: Record<PublicationStatus, 'success' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'primary'> = {
  queued: 'secondary',
  preparing: 'primary',
  containers_created: 'primary',
  processing: 'primary',
  publishing: 'primary',
  published: 'success',
  deferred: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

/** One publication's state, coloured as Strapi colours draft / published / error. */
export const PublicationStatusBadge = ({ status }: { status: PublicationStatus }) => {
  const t = useT();
  return (
    <Badge variant={VARIANT[status] ?? 'neutral'} data-testid="publication-status" data-status={status}>
      {t(`publication.status.${status}`)}
    </Badge>
  );
};
