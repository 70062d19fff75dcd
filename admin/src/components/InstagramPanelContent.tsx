import { Alert, Divider, Flex, Loader, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import type { Preview, PublicationView } from '../api';
import type { ResourceState } from '../hooks/useResource';
import { useApiError } from '../hooks/useApiError';
import { useConnections } from '../hooks/useConnections';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { usePublicationActions } from '../hooks/usePublicationActions';
import { usePublications } from '../hooks/usePublications';
import { useT } from '../hooks/useT';
import { defaultAccountId, usableConnections } from '../utils/connections';
import { CaptionCounts } from './CaptionCounts';
import { CommentsModal } from './CommentsModal';
import { DuplicatePostDialog } from './DuplicatePostDialog';
import { EntryPublications } from './EntryPublications';
import { MappingAccountWarning } from './MappingAccountWarning';
import { PanelPublishActions } from './PanelPublishActions';
import { PostPreview } from './PostPreview';
import { PreviewIssues } from './PreviewIssues';

interface InstagramPanelContentProps {
  uid: string;
  documentId: string;
  locale: string | null;
  revision: string | null;
  /** Posts are made from the published version; a draft-only entry cannot be posted yet. */
  publishState: 'draft' | 'published' | 'modified';
  preview: ResourceState<Preview>;
}

/** How often the panel reads its posts again while one is live. */
const LIVE_POLL_MS = 5000;

/** Body of the Content Manager side panel: preview, checks, publish / schedule, this entry's posts. */
export const InstagramPanelContent = ({ uid, documentId, locale, revision, publishState, preview }: InstagramPanelContentProps) => {
  const t = useT();
  const formatError = useApiError();
  const permissions = usePluginPermissions();
  const connections = useConnections(permissions.connectionsRead);
  // While a post is live the list is read every few seconds (visible tab only): its numbers and
  // new comments (recorded from Instagram's notifications) show without a reload.
  const publications = usePublications({ uid, documentId, locale: locale ?? undefined, page: 1, pageSize: 10 }, 2000, { watchPublishedMs: LIVE_POLL_MS });
  const actions = usePublicationActions();
  const [commentsOf, setCommentsOf] = useState<string | null>(null);

  // The Content Manager refetches the document after save / publish; a publish may have
  // queued a post through the auto-publish hook, so the list is read again.
  useEffect(() => {
    if (revision) void publications.refetch();
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps

  // Without connections.read the accounts are unknown: nothing is judged, the server decides.
  const connectionsList = permissions.connectionsRead ? (connections.data ?? null) : null;
  const account = connectionsList?.find((item) => item.id === defaultAccountId(preview.data?.mapping?.connectionId, connectionsList));

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="instagram-panel">
      {preview.data ? (
        <>
          <PostPreview preview={preview.data} username={account?.profile.username} pictureUrl={account?.profile.profilePictureUrl} />
          <CaptionCounts counts={preview.data.counts} limits={preview.data.limits} />
          <PreviewIssues errors={preview.data.errors} warnings={preview.data.warnings} />
        </>
      ) : preview.error ? (
        <Alert variant="danger" title={t('panel.previewError')} closeLabel={t('common.close')}>
          {formatError(preview.error)}
        </Alert>
      ) : (
        <Flex justifyContent="center" padding={4}>
          <Loader small>{t('preview.loading')}</Loader>
        </Flex>
      )}

      {connectionsList ? (
        // With no account at all, the reason under the buttons already links the settings.
        <MappingAccountWarning connectionId={preview.data?.mapping?.connectionId} connections={connectionsList} withLink={usableConnections(connectionsList).length > 0} />
      ) : null}

      {publishState !== 'published' ? (
        <Typography variant="pi" textColor="neutral600" data-testid="panel-publish-hint">
          {t(publishState === 'draft' ? 'panel.hint.draft' : 'panel.hint.modified')}
        </Typography>
      ) : null}

      {permissions.publicationsCreate ? (
        <PanelPublishActions
          uid={uid}
          documentId={documentId}
          locale={locale}
          preview={preview.data}
          publishState={publishState}
          connections={connectionsList}
          actions={actions}
        />
      ) : null}
      <DuplicatePostDialog {...actions.duplicate} />

      <Divider />
      <Typography variant="sigma" textColor="neutral600">
        {t('panel.publications')}
      </Typography>
      {publications.error && !publications.data ? (
        <Typography variant="pi" textColor="danger600">
          {formatError(publications.error)}
        </Typography>
      ) : !publications.data ? (
        <Loader small>{t('common.loading')}</Loader>
      ) : (
        <EntryPublications
          publications={publications.data.data as PublicationView[]}
          canAct={permissions.publicationsCreate}
          busy={actions.busy}
          onRetry={actions.retry}
          onCancel={actions.cancel}
          onComments={permissions.commentsModerate ? setCommentsOf : undefined}
        />
      )}
      <CommentsModal publicationId={commentsOf} onClose={() => setCommentsOf(null)} />
    </Flex>
  );
};
