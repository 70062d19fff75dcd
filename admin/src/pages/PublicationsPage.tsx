import { Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useState } from 'react';
import { Layouts, Page, Pagination, useQueryParams } from '@strapi/strapi/admin';
import { CommentsModal } from '../components/CommentsModal';
import { DuplicatePostDialog } from '../components/DuplicatePostDialog';
import { PublicationFilters } from '../components/PublicationFilters';
import { PublicationsTable } from '../components/PublicationsTable';
import { InstagramIcon } from '../components/InstagramIcon';
import { useApiError } from '../hooks/useApiError';
import { useConnections } from '../hooks/useConnections';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { usePublicationActions } from '../hooks/usePublicationActions';
import { usePublications } from '../hooks/usePublications';
import { useT } from '../hooks/useT';
import { formatSort, nextSort, readSort } from '../utils/sort';

interface ListQuery {
  page?: string;
  pageSize?: string;
  status?: string;
  connectionId?: string;
  /** `likes:desc`..., as the server reads it (absent: newest first). */
  sort?: string;
}

/** The plugin's menu entry: every publication, filtered, paginated, refreshing while posts are in flight. */
const PublicationsPage = () => {
  const t = useT();
  const formatError = useApiError();
  const permissions = usePluginPermissions();
  const [commentsOf, setCommentsOf] = useState<string | null>(null);
  const [{ query }, setQuery] = useQueryParams<ListQuery>();
  const page = Number(query.page ?? 1) || 1;
  const pageSize = Number(query.pageSize ?? 20) || 20;
  const canRead = permissions.publicationsRead && !permissions.isLoading;
  const sort = readSort(query.sort);
  const publications = usePublications(
    canRead ? { page, pageSize, status: query.status, connectionId: query.connectionId, ...(query.sort ? { sort: formatSort(sort) } : {}) } : null,
    3000
  );
  const connections = useConnections(permissions.connectionsRead && !permissions.isLoading);
  const actions = usePublicationActions();

  if (permissions.isLoading) return <Page.Loading />;
  if (!permissions.publicationsRead) return <Page.NoPermissions />;

  const pagination = publications.data?.meta.pagination;
  const rows = publications.data?.data ?? [];

  return (
    <Page.Main>
      <Page.Title>{t('publications.title')}</Page.Title>
      <Layouts.Header
        title={t('publications.title')}
        subtitle={pagination ? t('publications.subtitle', { count: pagination.total }) : undefined}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => publications.refetch()} loading={publications.isLoading && Boolean(publications.data)}>
            {t('publications.reload')}
          </Button>
        }
      />
      <Layouts.Action
        startActions={
          <PublicationFilters
            status={query.status}
            connectionId={query.connectionId}
            connections={connections.data ?? []}
            onChange={(next) => setQuery({ ...next, page: '1' } as ListQuery)}
          />
        }
      />
      <Layouts.Content>
        {publications.error && !publications.data ? (
          <Page.Error content={formatError(publications.error)} />
        ) : !publications.data ? (
          <Page.Loading />
        ) : rows.length === 0 ? (
          <EmptyStateLayout
            icon={<InstagramIcon width="64" height="64" />}
            content={t(query.status || query.connectionId ? 'publications.empty.filtered' : 'publications.empty')}
            hasRadius
            shadow="tableShadow"
          />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <PublicationsTable
              publications={rows}
              canAct={permissions.publicationsCreate}
              busy={actions.busy}
              onRetry={actions.retry}
              onCancel={actions.cancel}
              onComments={permissions.commentsModerate ? setCommentsOf : undefined}
              sort={sort}
              onSort={(field) => setQuery({ sort: formatSort(nextSort(sort, field)), page: '1' } as ListQuery)}
            />
            <Pagination.Root pageCount={pagination?.pageCount} total={pagination?.total} defaultPageSize={pageSize}>
              <Pagination.PageSize />
              <Pagination.Links />
            </Pagination.Root>
          </Flex>
        )}
      </Layouts.Content>
      <DuplicatePostDialog {...actions.duplicate} />
      <CommentsModal publicationId={commentsOf} onClose={() => setCommentsOf(null)} />
    </Page.Main>
  );
};

export { PublicationsPage };
export default PublicationsPage;
