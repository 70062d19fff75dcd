import { Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { Link } from '@strapi/design-system';
import type { PublicationSort, PublicationSortField, PublicationView } from '../api';
import { useAccountText } from '../hooks/useAccountText';
import { useT } from '../hooks/useT';
import { editViewPath, shortUid } from '../utils/contentTypes';
import { PermalinkLink } from './PermalinkLink';
import { PublicationActions } from './PublicationActions';
import { PublicationError } from './PublicationError';
import { PublicationStatusBadge } from './PublicationStatusBadge';
import { PublicationWhen } from './PublicationWhen';
import { SortableHeader } from './SortableHeader';

interface PublicationsTableProps {
  publications: PublicationView[];
  canAct: boolean;
  busy: string | null;
  onRetry: (id: string) => void;
  onCancel: (id: string) => void;
  /** Opens a published post's comments; absent without comments.moderate. */
  onComments?: (id: string) => void;
  /** The list's order (from the address bar) and a header click's wish to change it. */
  sort: PublicationSort;
  onSort: (field: PublicationSortField) => void;
}

/** A latest number, or a dash until the post's numbers are read. */
const Count = ({ value, testId }: { value: number | null; testId: string }) => {
  const { formatNumber } = useIntl();
  return (
    <Typography textColor={value === null ? 'neutral500' : 'neutral800'} data-testid={testId}>
      {value === null ? '–' : formatNumber(value)}
    </Typography>
  );
};

/** Every publication in a Strapi list-view table: entry, account, kind, state, when, its numbers, actions. */
export const PublicationsTable = ({ publications, canAct, busy, onRetry, onCancel, onComments, sort, onSort }: PublicationsTableProps) => {
  const t = useT();
  const accountText = useAccountText();
  const sortable = (field: PublicationSortField, key: 'publications.column.when' | 'publications.column.likes' | 'publications.column.comments' | 'publications.column.reach') => (
    <SortableHeader label={t(key)} field={field} sort={sort} onSort={onSort} />
  );
  const header = (key: 'publications.column.entry' | 'publications.column.account' | 'publications.column.kind' | 'publications.column.status' | 'publications.column.result' | 'publications.column.actions') => (
    <Th>
      <Typography variant="sigma" textColor="neutral600">
        {t(key)}
      </Typography>
    </Th>
  );
  return (
    <Table colCount={10} rowCount={publications.length + 1} data-testid="publications-table">
      <Thead>
        <Tr>
          {header('publications.column.entry')}
          {header('publications.column.account')}
          {header('publications.column.kind')}
          {header('publications.column.status')}
          {sortable('createdAt', 'publications.column.when')}
          {sortable('likes', 'publications.column.likes')}
          {sortable('comments', 'publications.column.comments')}
          {sortable('reach', 'publications.column.reach')}
          {header('publications.column.result')}
          {header('publications.column.actions')}
        </Tr>
      </Thead>
      <Tbody>
        {publications.map((publication) => (
          <Tr key={publication.id} data-testid="publication-row">
            <Td>
              <Flex direction="column" alignItems="flex-start">
                <Link tag={RouterLink} to={editViewPath(publication.uid, publication.documentId, publication.locale)}>
                  {publication.entryTitle ?? publication.documentId}
                </Link>
                <Typography variant="pi" textColor="neutral600">
                  {shortUid(publication.uid)}
                  {publication.locale ? ` · ${publication.locale}` : ''}
                  {publication.entryTitle ? ` · ${publication.documentId}` : ''}
                </Typography>
                {publication.caption ? (
                  <Typography variant="pi" textColor="neutral600" ellipsis style={{ maxWidth: 240 }}>
                    {publication.caption}
                  </Typography>
                ) : null}
              </Flex>
            </Td>
            <Td>
              <Typography textColor="neutral800" data-testid="publication-account">
                {accountText(publication) ?? '–'}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">{publication.kind ? t(`postKind.${publication.kind as 'image'}`) : '–'}</Typography>
            </Td>
            <Td>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <PublicationStatusBadge status={publication.status} />
                {publication.attempts > 1 ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('publication.attempts', { count: publication.attempts })}
                  </Typography>
                ) : null}
              </Flex>
            </Td>
            {/* Wrapped rather than one long line: the numbers' columns need the width. */}
            <Td style={{ whiteSpace: 'normal', minWidth: 150, maxWidth: 190 }}>
              <PublicationWhen publication={publication} />
            </Td>
            <Td>
              <Count value={publication.likeCount} testId="publication-likes" />
            </Td>
            <Td>
              <Count value={publication.commentCount} testId="publication-comment-count" />
            </Td>
            <Td>
              <Count value={publication.reachCount} testId="publication-reach" />
            </Td>
            <Td style={{ whiteSpace: 'normal', maxWidth: 260 }}>
              <Flex direction="column" alignItems="flex-start" gap={1}>
                <PublicationError error={publication.error} status={publication.status} />
                <PermalinkLink permalink={publication.permalink} />
              </Flex>
            </Td>
            <Td>
              <Flex gap={2}>
                {canAct ? <PublicationActions publication={publication} busy={busy} onRetry={onRetry} onCancel={onCancel} /> : null}
                {onComments && publication.status === 'published' && !publication.restricted ? (
                  <Button size="S" variant="tertiary" onClick={() => onComments(publication.id)} data-testid="publication-comments">
                    {t('comments.open')}
                  </Button>
                ) : null}
              </Flex>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
