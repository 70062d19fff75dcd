import { Alert, Box, Button, Field, Flex, Loader, Modal, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { ArrowsCounterClockwise } from '@strapi/icons';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { type ConnectionView, useInstagramApi } from '../api';
import { useApiError } from '../hooks/useApiError';
import { useResource } from '../hooks/useResource';
import { useT } from '../hooks/useT';
import { FollowersChart } from './FollowersChart';
import { TopPostsTable } from './TopPostsTable';

const PERIODS = [7, 30, 90, 365] as const;

interface AccountInsightsModalProps {
  /** The account whose insights are open; null: closed. */
  connection: ConnectionView | null;
  canManage: boolean;
  onReconnect: (connection: ConnectionView) => void;
  onClose: () => void;
}

/** One account's insights: followers over the chosen period, the latest numbers and its top posts. */
export const AccountInsightsModal = ({ connection, canManage, onReconnect, onClose }: AccountInsightsModalProps) => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { formatNumber, formatDate } = useIntl();
  const [days, setDays] = useState<number>(30);
  const id = connection?.id ?? null;
  const insights = useResource(id ? `account-insights:${id}:${days}` : null, () => api.getAccountInsights(id as string, { days }));
  const data = insights.data && insights.data.connectionId === id ? insights.data : undefined;
  const username = connection?.profile.username || connection?.instagramUserId || '';

  const stat = (label: string, value: number | null, hint: string | null, testId: string) => (
    <Flex direction="column" alignItems="flex-start" data-testid={testId}>
      <Typography variant="beta" tag="span">
        {value === null ? '–' : formatNumber(value)}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {label}
        {hint ? ` · ${hint}` : ''}
      </Typography>
    </Flex>
  );

  return (
    <Modal.Root open={connection !== null} onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <Modal.Content style={{ maxWidth: 900, width: '90vw' }}>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('insights.title', { username })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5} data-testid="account-insights">
            <Flex justifyContent="space-between" alignItems="flex-end" gap={4} wrap="wrap">
              {data ? (
                <Flex gap={8}>
                  {stat(t('insights.followers'), data.latest.followers, null, 'insights-followers')}
                  {stat(
                    t('insights.reachDay'),
                    data.latest.reach,
                    data.latest.reachDay ? formatDate(new Date(`${data.latest.reachDay}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }) : null,
                    'insights-reach'
                  )}
                </Flex>
              ) : (
                <span />
              )}
              <Field.Root name="insights-period" style={{ minWidth: 200 }}>
                <Field.Label>{t('insights.period')}</Field.Label>
                <SingleSelect value={String(days)} onChange={(next) => setDays(Number(next))} data-testid="insights-period">
                  {PERIODS.map((period) => (
                    <SingleSelectOption key={period} value={String(period)}>
                      {t('insights.period.days', { count: period })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Flex>

            {data?.access === 'reconnect' ? (
              <Box background="warning100" padding={3} hasRadius data-testid="insights-reconnect">
                <Flex justifyContent="space-between" alignItems="center" gap={3} wrap="wrap">
                  <Typography variant="pi" textColor="warning700">
                    {t('insights.reconnect.body')}
                  </Typography>
                  {canManage && connection ? (
                    <Button size="S" variant="secondary" startIcon={<ArrowsCounterClockwise />} onClick={() => onReconnect(connection)}>
                      {t('connections.reconnect')}
                    </Button>
                  ) : null}
                </Flex>
              </Box>
            ) : null}

            {insights.error && !data ? (
              <Alert variant="danger" title={t('insights.error')} closeLabel={t('common.close')} action={<Button variant="tertiary" onClick={() => insights.refetch()}>{t('common.retry')}</Button>}>
                {formatError(insights.error)}
              </Alert>
            ) : !data ? (
              <Flex justifyContent="center" padding={6}>
                <Loader small>{t('insights.loading')}</Loader>
              </Flex>
            ) : (
              <>
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h3">
                    {t('insights.chart.heading')}
                  </Typography>
                  <FollowersChart series={data.series} username={username} />
                </Flex>
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="delta" tag="h3">
                    {t('insights.top.heading')}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {t(data.rankedBy === 'reach' ? 'insights.top.byReach' : 'insights.top.byLikes')}
                  </Typography>
                  {data.topPosts.length === 0 ? (
                    <Typography textColor="neutral600" data-testid="top-posts-empty">
                      {t('insights.top.empty')}
                    </Typography>
                  ) : (
                    <TopPostsTable posts={data.topPosts} rankedBy={data.rankedBy} />
                  )}
                </Flex>
              </>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
