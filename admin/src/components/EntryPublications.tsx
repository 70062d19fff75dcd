import { Box, Button, Flex, Typography } from '@strapi/design-system';
import type { PublicationView } from '../api';
import { useAccountText } from '../hooks/useAccountText';
import { useT } from '../hooks/useT';
import { joinParts } from '../utils/publications';
import { PermalinkLink } from './PermalinkLink';
import { PostNumbers } from './PostNumbers';
import { PublicationActions } from './PublicationActions';
import { PublicationError } from './PublicationError';
import { PublicationStatusBadge } from './PublicationStatusBadge';
import { PublicationWhen } from './PublicationWhen';

interface EntryPublicationsProps {
  publications: PublicationView[];
  canAct: boolean;
  busy: string | null;
  onRetry: (id: string) => void;
  onCancel: (id: string) => void;
  /** Opens a live post's comments; absent without comments.moderate. */
  onComments?: (id: string) => void;
}

/** This entry's Instagram posts, newest first, each with its state, its numbers once live, and what can be done. */
export const EntryPublications = ({ publications, canAct, busy, onRetry, onCancel, onComments }: EntryPublicationsProps) => {
  const t = useT();
  const accountText = useAccountText();
  if (publications.length === 0) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('panel.noPublications')}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="entry-publications">
      {publications.map((publication) => (
        <Box key={publication.id} padding={3} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px" data-testid="entry-publication">
          <Flex direction="column" alignItems="stretch" gap={2}>
            {/* Narrow panel: a long account name goes under the badge rather than squeezing it. */}
            <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
              <PublicationStatusBadge status={publication.status} />
              <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }} data-testid="entry-publication-account">
                {joinParts([accountText(publication), publication.kind ? t(`postKind.${publication.kind as 'image'}`) : null])}
              </Typography>
            </Flex>
            <PublicationWhen publication={publication} />
            <PublicationError error={publication.error} status={publication.status} />
            {publication.warnings?.map((warning) => (
              <Typography key={warning} variant="pi" textColor="warning700">
                {warning}
              </Typography>
            ))}
            <PermalinkLink permalink={publication.permalink} />
            {publication.status === 'published' && !publication.restricted ? <PostNumbers publication={publication} /> : null}
            {canAct ? <PublicationActions publication={publication} busy={busy} onRetry={onRetry} onCancel={onCancel} /> : null}
            {onComments && publication.status === 'published' && !publication.restricted ? (
              <Flex>
                <Button size="S" variant="secondary" onClick={() => onComments(publication.id)} data-testid="entry-publication-comments">
                  {t('comments.open')}
                </Button>
              </Flex>
            ) : null}
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};
