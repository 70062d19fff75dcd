import { Flex, Status, Typography } from '@strapi/design-system';
import type { FlowStatus, LoginKind } from '../api';
import { useT } from '../hooks/useT';

/** One login product: configured or not, with the app id and whether the secret is set. */
export const FlowStatusRow = ({ flow, status }: { flow: LoginKind; status: FlowStatus }) => {
  const t = useT();
  return (
    <Flex justifyContent="space-between" gap={4} wrap="wrap" data-testid={`flow-${flow}`}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography fontWeight="bold">{t(`status.flow.${flow}`)}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {status.appId ? t('status.appId', { appId: status.appId }) : t('status.appIdMissing')}
          {' · '}
          {status.appSecretPresent ? t('status.secretPresent') : t('status.secretMissing')}
        </Typography>
      </Flex>
      <Status variant={status.configured ? 'success' : 'neutral'} size="S">
        <Typography tag="span" variant="omega" fontWeight="bold">
          {t(status.configured ? 'status.configured' : 'status.notConfigured')}
        </Typography>
      </Status>
    </Flex>
  );
};
