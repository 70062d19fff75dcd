import { Alert, Button, Divider, Flex, Loader, Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { useEffect, useState } from 'react';
import type { ConnectionView, Preview, PublicationView } from '../api';
import type { RemoteState } from '../hooks/useRemote';
import { useApiError } from '../hooks/useApiError';
import { useConnections } from '../hooks/useConnections';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { usePublicationActions } from '../hooks/usePublicationActions';
import { usePublications } from '../hooks/usePublications';
import { useT } from '../hooks/useT';
import { toUtcIso } from '../utils/dates';
import { AccountSelect } from './AccountSelect';
import { CaptionCounts } from './CaptionCounts';
import { EntryPublications } from './EntryPublications';
import { PostPreview } from './PostPreview';
import { PreviewIssues } from './PreviewIssues';
import { ScheduleModal } from './ScheduleModal';

interface InstagramPanelContentProps {
  uid: string;
  documentId: string;
  locale: string | null;
  revision: string | null;
  /** Posts are made from the published version; a draft-only entry cannot be posted yet. */
  publishState: 'draft' | 'published' | 'modified';
  preview: RemoteState<Preview>;
}

/** Body of the Content Manager side panel: preview, checks, publish / schedule, this entry's posts. */
export const InstagramPanelContent = ({ uid, documentId, locale, revision, publishState, preview }: InstagramPanelContentProps) => {
  const t = useT();
  const formatError = useApiError();
  const permissions = usePluginPermissions();
  const connections = useConnections(permissions.connectionsRead);
  const publications = usePublications({ uid, documentId, locale: locale ?? undefined, page: 1, pageSize: 10 });
  const actions = usePublicationActions(publications.refetch);
  const [accountId, setAccountId] = useState<string | null>(null);

  // The Content Manager refetches the document after save / publish; a publish may have
  // queued a post through the auto-publish hook, so the list is read again.
  useEffect(() => {
    if (revision) void publications.refetch();
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps

  const accounts: ConnectionView[] = connections.data ?? [];
  const account = accounts.find((item) => item.id === accountId) ?? (accounts.length === 1 ? accounts[0] : undefined);
  const blocked = (preview.data?.errors.length ?? 0) > 0 || publishState === 'draft';

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

      {publishState !== 'published' ? (
        <Typography variant="pi" textColor="neutral600" data-testid="panel-publish-hint">
          {t(publishState === 'draft' ? 'panel.hint.draft' : 'panel.hint.modified')}
        </Typography>
      ) : null}

      {permissions.publicationsCreate ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          {accounts.length > 1 ? <AccountSelect connections={accounts} value={accountId} onChange={setAccountId} /> : null}
          <Button
            fullWidth
            startIcon={<PaperPlane />}
            disabled={blocked}
            loading={actions.busy === 'publish'}
            onClick={() => actions.create({ uid, documentId, locale, connectionId: accountId ?? undefined })}
            data-testid="panel-publish-now"
          >
            {t('panel.publishNow')}
          </Button>
          <ScheduleModal
            disabled={blocked}
            loading={actions.busy === 'schedule'}
            onSchedule={(date) =>
              actions.create({ uid, documentId, locale, connectionId: accountId ?? undefined, scheduledAt: toUtcIso(date) })
            }
          />
        </Flex>
      ) : null}

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
        />
      )}
    </Flex>
  );
};
