import { Badge, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { EndUserConnectionView } from '../api';
import { type TranslationKey, useT } from '../hooks/useT';
import { DATE_TIME } from '../utils/formats';
import { AccountAvatar } from './AccountAvatar';
import { HealthBadge } from './HealthBadge';
import { PermalinkLink } from './PermalinkLink';
import { PublicationStatusBadge } from './PublicationStatusBadge';
import { RevokeEndUserButton } from './RevokeEndUserButton';

interface EndUserConnectionsTableProps {
  connections: EndUserConnectionView[];
  onRevoke: (connection: EndUserConnectionView) => Promise<void>;
}

const COLUMNS: TranslationKey[] = [
  'endUsers.column.owner',
  'endUsers.column.account',
  'endUsers.column.health',
  'endUsers.column.lastPost',
  'endUsers.column.connectedAt',
  'endUsers.column.actions',
];

/** App users' connections, read-only but for support's revoke: owner, account, health, last post, connected at. */
export const EndUserConnectionsTable = ({ connections, onRevoke }: EndUserConnectionsTableProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const ownerText = (connection: EndUserConnectionView) => connection.owner?.email ?? connection.owner?.username ?? t('endUsers.owner.deleted');
  return (
    <Table colCount={COLUMNS.length} rowCount={connections.length + 1} data-testid="end-user-connections-table">
      <Thead>
        <Tr>
          {COLUMNS.map((key) => (
            <Th key={key}>
              <Typography variant="sigma" textColor="neutral600">
                {t(key)}
              </Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {connections.map((connection) => (
          <Tr key={connection.id} data-testid="end-user-connection-row" data-id={connection.id}>
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <Typography textColor="neutral800" data-testid="end-user-owner">
                  {ownerText(connection)}
                </Typography>
                {connection.owner?.username && connection.owner.email ? (
                  <Typography variant="pi" textColor="neutral600">
                    {connection.owner.username}
                  </Typography>
                ) : null}
                {connection.owner?.blocked ? <Badge variant="danger">{t('endUsers.owner.blocked')}</Badge> : null}
              </Flex>
            </Td>
            <Td>
              <Flex gap={2}>
                <AccountAvatar username={connection.profile.username} pictureUrl={connection.profile.profilePictureUrl} />
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800" fontWeight="bold" data-testid="end-user-account">
                    @{connection.profile.username}
                  </Typography>
                  {connection.profile.name ? (
                    <Typography variant="pi" textColor="neutral600">
                      {connection.profile.name}
                    </Typography>
                  ) : null}
                </Flex>
              </Flex>
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: 260 }}>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <HealthBadge health={connection.health} />
                {connection.healthReason ? (
                  <Typography variant="pi" textColor="neutral600">
                    {connection.healthReason}
                  </Typography>
                ) : null}
              </Flex>
            </Td>
            <Td>
              {connection.lastPost ? (
                <Flex direction="column" alignItems="flex-start" gap={1} data-testid="end-user-last-post">
                  <PublicationStatusBadge status={connection.lastPost.status} />
                  <Typography variant="pi" textColor="neutral600">
                    {formatDate(new Date(connection.lastPost.at), DATE_TIME)}
                  </Typography>
                  <PermalinkLink permalink={connection.lastPost.permalink} />
                </Flex>
              ) : (
                <Typography textColor="neutral600">{t('endUsers.lastPost.none')}</Typography>
              )}
            </Td>
            <Td>
              <Typography textColor="neutral800">{connection.connectedAt ? formatDate(new Date(connection.connectedAt), { dateStyle: 'medium' }) : '–'}</Typography>
            </Td>
            <Td>
              <RevokeEndUserButton username={connection.profile.username} owner={ownerText(connection)} onConfirm={() => onRevoke(connection)} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
