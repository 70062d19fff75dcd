import { Alert, Button } from '@strapi/design-system';
import { useApiError } from '../hooks/useApiError';
import { useT } from '../hooks/useT';

interface LoadFailedAlertProps {
  title: string;
  error: unknown;
  onRetry: () => void;
}

/** A section whose data could not be loaded: what the server said, and a way to try again. */
export const LoadFailedAlert = ({ title, error, onRetry }: LoadFailedAlertProps) => {
  const t = useT();
  const formatError = useApiError();
  return (
    <Alert variant="danger" title={title} closeLabel={t('common.close')} action={<Button variant="tertiary" onClick={onRetry}>{t('common.retry')}</Button>}>
      {formatError(error)}
    </Alert>
  );
};
