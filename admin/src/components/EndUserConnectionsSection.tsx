import { Button, EmptyStateLayout, Flex, Loader, Searchbar, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { type FormEvent, useEffect, useState } from 'react';
import { type EndUserConnectionView, useInstagramApi } from '../api';
import { useApiError } from '../hooks/useApiError';
import { useEndUserConnections } from '../hooks/useEndUserConnections';
import { invalidateResources } from '../hooks/useResource';
import { useT } from '../hooks/useT';
import { EndUserConnectionsTable } from './EndUserConnectionsTable';
import { InstagramIcon } from './InstagramIcon';
import { SectionCard } from './SectionCard';
import { LoadFailedAlert } from './LoadFailedAlert';

const PAGE_SIZE = 10;

/**
 * Support's view of the Instagram accounts the app's own users connected (Users & Permissions):
 * searchable by the owner's email or username or the Instagram username, with a revoke. Shown only
 * to admins holding end-users.manage.
 */
export const EndUserConnectionsSection = () => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const remote = useEndUserConnections({ q: q || undefined, page, pageSize: PAGE_SIZE });
  const meta = remote.data?.meta;
  const rows = remote.data?.data ?? [];
  const pageEmptied = Boolean(remote.data) && rows.length === 0 && page > 1;

  // Revoking the last row of a later page leaves it empty: show the page before.
  useEffect(() => {
    if (pageEmptied) setPage((current) => Math.max(1, current - 1));
  }, [pageEmptied]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
    setPage(1);
  };

  const revoke = async (connection: EndUserConnectionView) => {
    try {
      await api.revokeEndUserConnection(connection.id);
      toggleNotification({ type: 'success', message: t('endUsers.revoked', { username: connection.profile.username }) });
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatError(error) });
    }
    // The counts on this page (configuration status) change with the list.
    await invalidateResources('end-user-connections');
    await invalidateResources('config-status');
  };

  const subtitle = meta
    ? meta.enabled
      ? t('endUsers.subtitle', { users: meta.users, connections: meta.connections })
      : t('endUsers.subtitle.disabled', { users: meta.users, connections: meta.connections })
    : t('endUsers.subtitle.loading');

  return (
    <SectionCard
      title={t('endUsers.title')}
      subtitle={subtitle}
      action={
        <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={() => remote.refetch()} loading={remote.isLoading && Boolean(remote.data)}>
          {t('endUsers.reload')}
        </Button>
      }
      testId="end-user-connections-section"
    >
      {meta && (meta.connections > 0 || q) ? (
        <form onSubmit={search} role="search">
          <Searchbar
            name="end-user-search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onClear={() => {
              setDraft('');
              setQ('');
              setPage(1);
            }}
            clearLabel={t('common.clear')}
            placeholder={t('endUsers.search.placeholder')}
          >
            {t('endUsers.search.label')}
          </Searchbar>
        </form>
      ) : null}
      {remote.error && !remote.data ? (
        <LoadFailedAlert title={t('endUsers.error')} error={remote.error} onRetry={() => remote.refetch()} />
      ) : !remote.data ? (
        <Flex justifyContent="center" padding={6}>
          <Loader small>{t('endUsers.loading')}</Loader>
        </Flex>
      ) : rows.length === 0 ? (
        <EmptyStateLayout
          icon={<InstagramIcon width="64" height="64" />}
          content={t(q ? 'endUsers.empty.search' : meta?.enabled ? 'endUsers.empty' : 'endUsers.empty.disabled', { q })}
        />
      ) : (
        <Flex direction="column" alignItems="stretch" gap={3}>
          <EndUserConnectionsTable connections={rows} onRevoke={revoke} />
          {meta && meta.pagination.pageCount > 1 ? (
            <Flex justifyContent="flex-end" gap={2}>
              <Typography variant="pi" textColor="neutral600">
                {t('endUsers.page', { page: meta.pagination.page, pageCount: meta.pagination.pageCount, total: meta.pagination.total })}
              </Typography>
              <Button variant="tertiary" size="S" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('endUsers.previous')}
              </Button>
              <Button variant="tertiary" size="S" disabled={page >= meta.pagination.pageCount} onClick={() => setPage(page + 1)}>
                {t('endUsers.next')}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      )}
    </SectionCard>
  );
};
