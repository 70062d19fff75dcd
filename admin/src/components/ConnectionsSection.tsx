import { EmptyStateLayout, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { type ConfigStatus, type ConnectionView, useInstagramApi } from '../api';
import type { ResourceState } from '../hooks/useResource';
import { useApiError } from '../hooks/useApiError';
import { useStartOAuth } from '../hooks/useStartOAuth';
import { useT } from '../hooks/useT';
import { AccountInsightsModal } from './AccountInsightsModal';
import { ConnectButtons } from './ConnectButtons';
import { ConnectionCard } from './ConnectionCard';
import { InstagramIcon } from './InstagramIcon';
import { SectionCard } from './SectionCard';
import { LoadFailedAlert } from './LoadFailedAlert';

interface ConnectionsSectionProps {
  remote: ResourceState<ConnectionView[]>;
  status: ConfigStatus | undefined;
  canRead: boolean;
  canManage: boolean;
  highlightedIds: string[];
}

/** The connected accounts as cards, with connect / reconnect / refresh / disconnect. */
export const ConnectionsSection = ({ remote, status, canRead, canManage, highlightedIds }: ConnectionsSectionProps) => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const { start } = useStartOAuth();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [insightsOf, setInsightsOf] = useState<ConnectionView | null>(null);
  const connections = remote.data ?? [];

  const refresh = async (connection: ConnectionView) => {
    setBusyId(connection.id);
    try {
      const updated = await api.refreshConnection(connection.id);
      remote.setData((previous) => (previous ?? []).map((item) => (item.id === updated.id ? updated : item)));
      toggleNotification({ type: 'success', message: t('connections.refreshed', { username: updated.profile.username ?? '' }) });
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatError(error) });
      void remote.refetch();
    } finally {
      setBusyId(null);
    }
  };

  const disconnect = async (connection: ConnectionView) => {
    try {
      const result = await api.disconnect(connection.id);
      remote.setData((previous) => (previous ?? []).filter((item) => item.id !== connection.id));
      toggleNotification({
        type: 'success',
        message: t(result.revoked ? 'connections.disconnected.revoked' : 'connections.disconnected', {
          username: connection.profile.username ?? '',
        }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatError(error) });
    }
  };

  return (
    <SectionCard
      title={t('connections.title')}
      subtitle={t('connections.subtitle')}
      action={canManage ? <ConnectButtons status={status} /> : null}
      testId="connections-section"
    >
      {!canRead ? (
        <Typography textColor="neutral600">{t('connections.noPermission')}</Typography>
      ) : remote.error && !remote.data ? (
        <LoadFailedAlert title={t('connections.error')} error={remote.error} onRetry={() => remote.refetch()} />
      ) : !remote.data ? (
        <Flex justifyContent="center" padding={6}>
          <Loader small>{t('connections.loading')}</Loader>
        </Flex>
      ) : connections.length === 0 ? (
        <EmptyStateLayout
          icon={<InstagramIcon width="64" height="64" />}
          content={t(canManage ? 'connections.empty' : 'connections.empty.readOnly')}
        />
      ) : (
        <Grid.Root gap={4}>
          {connections.map((connection) => (
            <Grid.Item key={connection.id} col={6} s={12} direction="column" alignItems="stretch">
              <ConnectionCard
                connection={connection}
                canManage={canManage}
                highlighted={highlightedIds.includes(connection.id)}
                busy={busyId === connection.id}
                onRefresh={() => refresh(connection)}
                onReconnect={() => start(connection.loginKind)}
                onDisconnect={() => disconnect(connection)}
                onOpenInsights={() => setInsightsOf(connection)}
              />
            </Grid.Item>
          ))}
        </Grid.Root>
      )}
      <AccountInsightsModal
        connection={insightsOf}
        canManage={canManage}
        onReconnect={(connection) => start(connection.loginKind)}
        onClose={() => setInsightsOf(null)}
      />
    </SectionCard>
  );
};
