import { Button, Flex, Typography } from '@strapi/design-system';
import { Clock, PaperPlane } from '@strapi/icons';
import { useState } from 'react';
import type { ConnectionView, Preview } from '../api';
import type { usePublicationActions } from '../hooks/usePublicationActions';
import { useT } from '../hooks/useT';
import { defaultAccountId, usableConnections } from '../utils/connections';
import { ComposeModal } from './ComposeModal';
import { SettingsLink } from './SettingsLink';
import type { When } from './WhenField';

interface PanelPublishActionsProps {
  uid: string;
  documentId: string;
  locale: string | null;
  preview: Preview | undefined;
  publishState: 'draft' | 'published' | 'modified';
  /** Connected accounts; null when the admin may not list them (the server then decides). */
  connections: ConnectionView[] | null;
  actions: ReturnType<typeof usePublicationActions>;
}

/** "Publish to Instagram now" and "Schedule…", each opening the compose dialog, or why they cannot be used yet. */
export const PanelPublishActions = ({ uid, documentId, locale, preview, publishState, connections, actions }: PanelPublishActionsProps) => {
  const t = useT();
  const [opened, setOpened] = useState<When | null>(null);
  const accounts = connections ? usableConnections(connections) : null;
  const noAccount = accounts !== null && accounts.length === 0;
  const previewBlocks = !preview || preview.errors.length > 0;
  // The draft hint above the buttons already says why a draft-only entry cannot be posted.
  const blocked = publishState === 'draft' || previewBlocks || noAccount;

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {noAccount ? (
        <Flex direction="column" alignItems="flex-start" gap={1} data-testid="panel-no-account">
          <Typography variant="pi" textColor="neutral600">
            {t('panel.blocked.noAccount')}
          </Typography>
          <SettingsLink />
        </Flex>
      ) : publishState !== 'draft' && preview && previewBlocks ? (
        <Typography variant="pi" textColor="neutral600" data-testid="panel-blocked-reason">
          {t('panel.blocked.preview')}
        </Typography>
      ) : null}
      <Button fullWidth startIcon={<PaperPlane />} disabled={blocked} loading={actions.busy === 'publish'} onClick={() => setOpened('now')} data-testid="panel-publish-now">
        {t('panel.publishNow')}
      </Button>
      <Button fullWidth variant="secondary" startIcon={<Clock />} disabled={blocked} loading={actions.busy === 'schedule'} onClick={() => setOpened('later')} data-testid="panel-schedule">
        {t('panel.schedule')}
      </Button>
      {preview ? (
        <ComposeModal
          open={opened !== null}
          onOpenChange={(open) => setOpened(open ? opened : null)}
          initialWhen={opened ?? 'now'}
          preview={preview}
          accounts={accounts}
          defaultAccountId={defaultAccountId(preview.mapping?.connectionId, connections ?? [])}
          busy={actions.busy === 'publish' || actions.busy === 'schedule'}
          onSubmit={(request, handled) => actions.create({ uid, documentId, locale, ...request }, { handled })}
        />
      ) : null}
    </Flex>
  );
};
