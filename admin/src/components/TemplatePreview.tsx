import { Alert, Box, Flex, Loader, Typography } from '@strapi/design-system';
import type { ConnectionView, Mapping, Preview } from '../api';
import { useApiError } from '../hooks/useApiError';
import { usePreview } from '../hooks/usePreview';
import { useT } from '../hooks/useT';
import { CaptionCounts } from './CaptionCounts';
import { PostPreview } from './PostPreview';
import { PreviewIssues } from './PreviewIssues';

interface TemplatePreviewProps {
  uid: string;
  mapping: Mapping;
  account?: ConnectionView;
}

/** Renders the mapping being edited against a real entry of the type, as the server would post it. */
export const TemplatePreview = ({ uid, mapping, account }: TemplatePreviewProps) => {
  const t = useT();
  const formatError = useApiError();
  const preview = usePreview({ uid, mapping });

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="template-preview">
      <Typography variant="sigma" textColor="neutral600">
        {t('mappings.preview.title')}
      </Typography>
      {preview.error ? (
        <Alert variant="default" title={t('mappings.preview.unavailable')} closeLabel={t('common.close')}>
          {formatError(preview.error)}
        </Alert>
      ) : !preview.data ? (
        <Flex justifyContent="center" padding={6}>
          <Loader small>{t('preview.loading')}</Loader>
        </Flex>
      ) : preview.data.notice ? (
        <Box padding={4} hasRadius background="neutral100" data-testid="preview-notice">
          <Typography variant="omega" textColor="neutral600">
            {preview.data.notice}
          </Typography>
        </Box>
      ) : (
        <PreviewBody preview={preview.data} account={account} stale={preview.isLoading} />
      )}
    </Flex>
  );
};

const PreviewBody = ({ preview, account, stale }: { preview: Preview; account?: ConnectionView; stale: boolean }) => (
  <Flex direction="column" alignItems="stretch" gap={2} style={{ opacity: stale ? 0.6 : 1 }}>
    <PostPreview preview={preview} username={account?.profile.username} pictureUrl={account?.profile.profilePictureUrl} />
    <CaptionCounts counts={preview.counts} limits={preview.limits} />
    <PreviewIssues errors={preview.errors} warnings={preview.warnings} />
  </Flex>
);
