import { Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import type { AccountTopPost, TopPostsRanking } from '../api';
import { type TranslationKey, useT } from '../hooks/useT';
import { editViewPath } from '../utils/contentTypes';
import { PermalinkLink } from './PermalinkLink';

interface TopPostsTableProps {
  posts: AccountTopPost[];
  rankedBy: TopPostsRanking;
}

/**
 * An account's best posts with their numbers. A post whose entry the admin may not read in the
 * Content Manager still shows its numbers and permalink, without the entry (the server left it out).
 */
export const TopPostsTable = ({ posts, rankedBy }: TopPostsTableProps) => {
  const t = useT();
  const { formatNumber, formatDate } = useIntl();
  const number = (value: number | null) => (value === null ? '–' : formatNumber(value));
  const header = (key: TranslationKey, sorted = false) => (
    <Th aria-sort={sorted ? 'descending' : undefined}>
      <Typography variant="sigma" textColor={sorted ? 'primary600' : 'neutral600'}>
        {t(key)}
      </Typography>
    </Th>
  );

  return (
    <Table colCount={6} rowCount={posts.length + 1} data-testid="top-posts-table">
      <Thead>
        <Tr>
          {header('insights.top.post')}
          {header('insights.top.published')}
          {header('insights.reach', rankedBy === 'reach')}
          {header('insights.likes', rankedBy === 'likes')}
          {header('insights.comments')}
          {header('insights.top.link')}
        </Tr>
      </Thead>
      <Tbody>
        {posts.map((post) => (
          <Tr key={post.publicationId} data-testid="top-post-row">
            <Td style={{ whiteSpace: 'normal', maxWidth: 280 }}>
              {post.entry ? (
                <Link tag={RouterLink} to={editViewPath(post.entry.uid, post.entry.documentId, post.entry.locale)} data-testid="top-post-entry">
                  {post.entry.title ?? post.entry.documentId}
                </Link>
              ) : (
                <Typography textColor="neutral600" data-testid="top-post-no-entry">
                  {t(post.kind ? `postKind.${post.kind}` : 'insights.top.untitled')}
                </Typography>
              )}
            </Td>
            <Td>
              <Typography>{post.publishedAt ? formatDate(new Date(post.publishedAt), { dateStyle: 'medium' }) : '–'}</Typography>
            </Td>
            <Td>
              <Typography fontWeight={rankedBy === 'reach' ? 'bold' : undefined}>{number(post.reach)}</Typography>
            </Td>
            <Td>
              <Typography fontWeight={rankedBy === 'likes' ? 'bold' : undefined}>{number(post.likes)}</Typography>
            </Td>
            <Td>
              <Typography>{number(post.comments)}</Typography>
            </Td>
            <Td>
              <PermalinkLink permalink={post.permalink} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
