import { Alert } from '@strapi/design-system';
import { useT } from '../hooks/useT';

/** Says loudly that nothing reaches Meta while the sandbox is configured. */
export const SandboxBanner = () => {
  const t = useT();
  return (
    <Alert variant="warning" title={t('status.sandbox.title')} closeLabel={t('common.close')} data-testid="sandbox-banner">
      {t('status.sandbox')}
    </Alert>
  );
};
