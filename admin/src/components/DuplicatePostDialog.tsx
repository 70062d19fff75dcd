import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { DuplicateQuestion } from '../hooks/useDuplicateConfirmation';
import { useT } from '../hooks/useT';
import { DATE_TIME_ZONED } from '../utils/formats';
import { PermalinkLink } from './PermalinkLink';

/**
 * "This version was already posted to @x on <date>. Post it again?", with a link to that post; or that it
 * is on its way, or that an attempt that failed may have posted it after all.
 */
export const DuplicatePostDialog = ({ existing, onAnswer }: DuplicateQuestion) => {
  const t = useT();
  const { formatDate } = useIntl();
  const account = existing?.username ? `@${existing.username}` : t('duplicate.sameAccount');
  return (
    <Dialog.Root open={Boolean(existing)} onOpenChange={(open) => (open ? undefined : onAnswer(false))}>
      {existing ? (
        <ConfirmDialog
          title={t('duplicate.title')}
          endAction={
            <Dialog.Action>
              <Button fullWidth variant="danger-light" onClick={() => onAnswer(true)} data-testid="duplicate-confirm">
                {t('duplicate.confirm')}
              </Button>
            </Dialog.Action>
          }
        >
          <Flex direction="column" alignItems="center" gap={2} data-testid="duplicate-dialog">
            <Typography textAlign="center">
              {existing.status === 'published' || !existing.status
                ? existing.publishedAt
                  ? t('duplicate.body', { account, date: formatDate(new Date(existing.publishedAt), DATE_TIME_ZONED) })
                  : t('duplicate.body.noDate', { account })
                : existing.status === 'failed'
                  ? t('duplicate.body.failed', { account })
                  : t('duplicate.body.pending', { account })}
            </Typography>
            <PermalinkLink permalink={existing.permalink} />
          </Flex>
        </ConfirmDialog>
      ) : null}
    </Dialog.Root>
  );
};
