import { Box, Button, Divider, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise, ArrowsCounterClockwise, ChartCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';
import type { ConnectionView } from '../api';
import { useT } from '../hooks/useT';
import { DATE_TIME } from '../utils/formats';
import { AccountAvatar } from './AccountAvatar';
import { AccountStats } from './AccountStats';
import { DisconnectButton } from './DisconnectButton';
import { HealthBadge } from './HealthBadge';
import { TokenExpiry } from './TokenExpiry';

interface ConnectionCardProps {
  connection: ConnectionView;
  canManage: boolean;
  highlighted?: boolean;
  busy?: boolean;
  onRefresh: () => void;
  onReconnect: () => void;
  onDisconnect: () => Promise<void>;
  onOpenInsights: () => void;
}

/** One connected Instagram account: who it is, how healthy its token is, and what to do about it. */
export const ConnectionCard = ({
  connection,
  canManage,
  highlighted,
  busy,
  onRefresh,
  onReconnect,
  onDisconnect,
  onOpenInsights,
}: ConnectionCardProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { profile } = connection;
  const username = profile.username || connection.instagramUserId;
  const when = (iso: string | null) => (iso ? formatDate(new Date(iso), DATE_TIME) : '–');
  const needsReconnect = connection.health === 'reconnect_needed';
  // Restricted by Instagram: the token still works, so "Check again" is the way back after acting in the app.
  const mustAct = connection.health === 'action_required';
  const problem = connection.healthReason ?? connection.lastError;
  const action = connection.healthAction ?? null;
  // Connected before the plugin asked for the insights permission: only a new login grants it.
  const insightsMissing = connection.insightsAccess === 'reconnect';

  return (
    <Box
      background="neutral0"
      hasRadius
      borderColor={highlighted ? 'primary600' : needsReconnect || mustAct ? 'danger200' : 'neutral150'}
      borderStyle="solid"
      borderWidth="1px"
      padding={5}
      height="100%"
      data-testid="connection-card"
      data-username={profile.username ?? ''}
    >
      <Flex direction="column" alignItems="stretch" gap={4} height="100%">
        <Flex justifyContent="space-between" alignItems="flex-start" gap={3}>
          <Flex gap={3} alignItems="center">
            <AccountAvatar username={profile.username} pictureUrl={profile.profilePictureUrl} />
            <Flex direction="column" alignItems="flex-start">
              <Typography variant="delta" tag="h3" data-testid="connection-username">
                @{username}
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                {profile.name ?? ''}
                {profile.accountType ? ` · ${t(`connections.accountType.${accountTypeKey(profile.accountType)}`)}` : ''}
              </Typography>
            </Flex>
          </Flex>
          <HealthBadge health={connection.health} />
        </Flex>

        <AccountStats profile={profile} />

        {problem && connection.health !== 'healthy' ? (
          <Box background={needsReconnect || mustAct ? 'danger100' : 'warning100'} padding={3} hasRadius>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="pi" textColor={needsReconnect || mustAct ? 'danger700' : 'warning700'} data-testid="health-reason">
                {problem}
              </Typography>
              {action ? (
                <Typography variant="pi" fontWeight="bold" textColor={needsReconnect || mustAct ? 'danger700' : 'warning700'} data-testid="health-action">
                  {t(`connections.action.${action}`)}
                </Typography>
              ) : null}
            </Flex>
          </Box>
        ) : null}

        {insightsMissing ? (
          <Box background="warning100" padding={3} hasRadius data-testid="insights-reconnect-notice">
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography variant="pi" fontWeight="bold" textColor="warning700">
                {t('connections.insights.reconnect.title')}
              </Typography>
              <Typography variant="pi" textColor="warning700">
                {t('connections.insights.reconnect.body')}
              </Typography>
              <Typography variant="pi" fontWeight="bold" textColor="warning700">
                {t(canManage ? 'connections.insights.reconnect.action' : 'connections.insights.reconnect.askAdmin')}
              </Typography>
            </Flex>
          </Box>
        ) : null}

        <Divider />

        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="omega">
            <Typography variant="omega" fontWeight="semiBold">
              {t('connections.loginKind')}
            </Typography>{' '}
            {t(`status.flow.${connection.loginKind}`)}
            {connection.pageName ? ` · ${t('connections.page', { page: connection.pageName })}` : ''}
          </Typography>
          <TokenExpiry expiresAt={connection.tokenExpiresAt} label={t('connections.tokenExpiry')} testId="token-expiry" />
          {connection.dataAccessExpiresAt ? (
            <TokenExpiry expiresAt={connection.dataAccessExpiresAt} label={t('connections.dataAccessExpiry')} />
          ) : null}
          <Typography variant="omega">
            <Typography variant="omega" fontWeight="semiBold">
              {t('connections.lastRefresh')}
            </Typography>{' '}
            {when(connection.lastRefreshedAt ?? connection.lastSyncedAt)}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {connection.connectedBy
              ? t('connections.connectedBy', { name: connection.connectedBy.name, date: when(connection.connectedAt) })
              : t('connections.connectedAt', { date: when(connection.connectedAt) })}
          </Typography>
        </Flex>

        <Flex gap={2} wrap="wrap" marginTop="auto">
          <Button size="S" variant="secondary" startIcon={<ChartCircle />} onClick={onOpenInsights} data-testid="open-insights">
            {t('connections.insights')}
          </Button>
          {canManage ? (
            <>
              <Button
                size="S"
                variant={needsReconnect || insightsMissing ? 'default' : 'secondary'}
                startIcon={<ArrowsCounterClockwise />}
                onClick={onReconnect}
                data-testid="reconnect"
              >
                {t('connections.reconnect')}
              </Button>
              <Button
                size="S"
                variant="tertiary"
                startIcon={<ArrowClockwise />}
                loading={busy}
                disabled={needsReconnect}
                onClick={onRefresh}
                data-testid="refresh"
              >
                {mustAct ? t('connections.checkAgain') : t('connections.refresh')}
              </Button>
              <DisconnectButton username={username} onConfirm={onDisconnect} />
            </>
          ) : null}
        </Flex>
      </Flex>
    </Box>
  );
};

const accountTypeKey = (type: string) => {
  const upper = type.toUpperCase();
  return upper === 'BUSINESS' ? 'business' : upper === 'MEDIA_CREATOR' || upper === 'CREATOR' ? 'creator' : 'other';
};
