import { Typography } from '@strapi/design-system';
import type { PublicationView } from '../api';
import { useT } from '../hooks/useT';

/** Meta's (or the plugin's) reason, readable, with the codes for whoever debugs it. */
export const PublicationError = ({ error, status }: { error: PublicationView['error']; status?: PublicationView['status'] }) => {
  const t = useT();
  if (!error) return null;
  const codes = [error.code, error.subcode].filter((value) => value !== null).join('/');
  return (
    <Typography variant="pi" textColor={status === 'cancelled' ? 'neutral600' : 'danger600'} data-testid="publication-error">
      {error.message}
      {codes ? ` ${t('publication.errorCode', { code: codes })}` : ''}
    </Typography>
  );
};
