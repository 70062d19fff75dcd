import { Flex, Typography } from '@strapi/design-system';
import { CrossCircle, WarningCircle } from '@strapi/icons';
import { useT } from '../hooks/useT';

/** Problems found before anything is sent: errors block the post, warnings do not. */
export const PreviewIssues = ({ errors, warnings }: { errors: string[]; warnings: string[] }) => {
  const t = useT();
  if (errors.length === 0 && warnings.length === 0) return null;
  const line = (text: string, kind: 'error' | 'warning') => (
    <Flex key={`${kind}-${text}`} gap={2} alignItems="flex-start">
      <Flex paddingTop={1}>
        {kind === 'error' ? <CrossCircle fill="danger600" width="12" height="12" /> : <WarningCircle fill="warning600" width="12" height="12" />}
      </Flex>
      <Typography variant="pi" textColor={kind === 'error' ? 'danger600' : 'warning700'}>
        {text}
      </Typography>
    </Flex>
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="preview-issues" aria-label={t('preview.issues')}>
      {errors.map((text) => line(text, 'error'))}
      {warnings.map((text) => line(text, 'warning'))}
    </Flex>
  );
};
