import { Flex } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useState } from 'react';
import { ConfigurationSection } from '../components/ConfigurationSection';
import { ConnectionsSection } from '../components/ConnectionsSection';
import { EndUserConnectionsSection } from '../components/EndUserConnectionsSection';
import { MappingsSection } from '../components/MappingsSection';
import { PagePickerModal } from '../components/PagePickerModal';
import { SandboxBanner } from '../components/SandboxBanner';
import { useConfigStatus } from '../hooks/useConfigStatus';
import { useConnections } from '../hooks/useConnections';
import { useOAuthReturn } from '../hooks/useOAuthReturn';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { useT } from '../hooks/useT';

/** Settings → Instagram Publisher: configuration, connected accounts, content-type mappings and app users' connections. */
const SettingsPage = () => {
  const t = useT();
  const permissions = usePluginPermissions();
  const status = useConfigStatus();
  const connections = useConnections(permissions.connectionsRead && !permissions.isLoading);
  const oauth = useOAuthReturn();
  const [pickedIds, setPickedIds] = useState<string[]>([]);

  if (permissions.isLoading) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {status.data?.sandbox ? <SandboxBanner /> : null}
          <ConnectionsSection
            remote={connections}
            status={status.data}
            canRead={permissions.connectionsRead}
            canManage={permissions.connectionsManage}
            highlightedIds={[...oauth.connectedIds, ...pickedIds]}
          />
          {permissions.settingsManage ? (
            <MappingsSection connections={connections.data ?? []} connectionsKnown={permissions.connectionsRead && Boolean(connections.data)} />
          ) : null}
          {permissions.endUsersManage ? <EndUserConnectionsSection /> : null}
          <ConfigurationSection remote={status} />
        </Flex>
      </Layouts.Content>
      {permissions.connectionsManage ? (
        <PagePickerModal
          pendingId={oauth.pendingId}
          onClose={oauth.clearPending}
          onConnected={(connected) => {
            setPickedIds(connected.map((connection) => connection.id));
            void connections.refetch();
          }}
        />
      ) : null}
    </Page.Main>
  );
};

export { SettingsPage };
export default SettingsPage;
