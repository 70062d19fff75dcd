import { Divider, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ResourceState } from '../hooks/useResource';
import type { ConfigStatus } from '../api';
import { useT } from '../hooks/useT';
import { DATE_TIME_ZONED } from '../utils/formats';
import { CopyableValue } from './CopyableValue';
import { FlowStatusRow } from './FlowStatusRow';
import { SectionCard } from './SectionCard';
import { SetupChecklist } from './SetupChecklist';
import { LoadFailedAlert } from './LoadFailedAlert';

/** Credentials present, URLs to paste into Meta's app dashboard, store, Graph version and token refresh schedule. */
export const ConfigurationSection = ({ remote }: { remote: ResourceState<ConfigStatus> }) => {
  const t = useT();
  const status = remote.data;
  const { formatDate } = useIntl();
  const refreshText = !status
    ? ''
    : !status.refresh.enabled
      ? t('status.refresh.off')
      : status.refresh.nextRunAt
        ? t('status.refresh.next', { cron: status.refresh.cron, date: formatDate(new Date(status.refresh.nextRunAt), DATE_TIME_ZONED) })
        : t('status.refresh.notHere', { cron: status.refresh.cron });

  return (
    <SectionCard title={t('status.title')} subtitle={t('status.subtitle')} testId="configuration-section">
      {!status && remote.isLoading ? <Loader small>{t('status.loading')}</Loader> : null}
      {!status && remote.error ? (
        <LoadFailedAlert title={t('status.error')} error={remote.error} onRetry={() => remote.refetch()} />
      ) : null}
      {status ? (
        <Flex direction="column" alignItems="stretch" gap={4}>
          <SetupChecklist missing={status.missing} />
          <FlowStatusRow flow="instagram" status={status.flows.instagram} />
          <FlowStatusRow flow="facebook" status={status.flows.facebook} />
          <Divider />
          <Typography variant="sigma" textColor="neutral600">
            {t('status.urlsTitle')}
          </Typography>
          <Grid.Root gap={4}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <CopyableValue name="redirectUri" label={t('status.redirectUri')} hint={t('status.redirectUri.hint')} value={status.redirectUri} />
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <CopyableValue name="deauthorize" label={t('status.deauthorize')} value={status.callbacks.deauthorize} />
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <CopyableValue name="dataDeletion" label={t('status.dataDeletion')} value={status.callbacks.dataDeletion} />
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <CopyableValue
                name="webhookCallback"
                label={t('status.webhookCallback')}
                hint={t(status.webhooks.verifyTokenConfigured ? 'status.webhookCallback.ready' : 'status.webhookCallback.noToken')}
                value={status.webhooks.callbackUrl}
              />
            </Grid.Item>
          </Grid.Root>
          <Divider />
          <Flex gap={6} wrap="wrap">
            {status.publicUrl ? <Fact label={t('status.publicUrl')} value={status.publicUrl} /> : null}
            <Fact label={t('status.store')} value={t(`status.store.${status.store}`)} />
            <Fact label={t('status.graphVersion')} value={status.graphApiVersion} />
            <Fact label={t('status.refresh')} value={refreshText} testId="refresh-schedule" />
            <Fact
              label={t('status.endUsers')}
              value={t(status.endUsers.enabled ? 'status.endUsers.on' : 'status.endUsers.off', { users: status.endUsers.users, connections: status.endUsers.connections })}
              testId="end-user-counts"
            />
          </Flex>
        </Flex>
      ) : null}
    </SectionCard>
  );
};

const Fact = ({ label, value, testId }: { label: string; value: string; testId?: string }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} data-testid={testId}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega" tag="code">
      {value}
    </Typography>
  </Flex>
);
