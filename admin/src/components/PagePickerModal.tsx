import { Alert, Box, Button, Checkbox, Flex, Loader, Modal, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { type ConnectionView, useInstagramApi } from '../api';
import { useApiError } from '../hooks/useApiError';
import { useResource } from '../hooks/useResource';
import { useT } from '../hooks/useT';
import { AccountAvatar } from './AccountAvatar';

interface PagePickerModalProps {
  pendingId: string | null;
  onClose: () => void;
  onConnected: (connections: ConnectionView[]) => void;
}

/**
 * After a Facebook Login granting several Pages with an Instagram account: the admin ticks
 * which accounts to connect (several at once are fine).
 */
export const PagePickerModal = ({ pendingId, onClose, onConnected }: PagePickerModalProps) => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { formatNumber } = useIntl();
  const { toggleNotification } = useNotification();
  const pending = useResource(pendingId ? `pending:${pendingId}` : null, () => api.getPending(pendingId as string));
  const [selected, setSelected] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    setSelected(pending.data?.pages.map((page) => page.pageId) ?? []);
  }, [pending.data]);

  const toggle = (pageId: string, checked: boolean) =>
    setSelected((previous) => (checked ? [...previous, pageId] : previous.filter((id) => id !== pageId)));

  const submit = async () => {
    if (!pendingId) return;
    setSubmitting(true);
    try {
      const connections = await api.selectPending(pendingId, selected);
      toggleNotification({ type: 'success', message: t('oauth.connected', { count: connections.length }) });
      onConnected(connections);
      onClose();
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatError(error) });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal.Root open={pendingId !== null} onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('pagePicker.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="page-picker">
            <Typography textColor="neutral600">{t('pagePicker.description')}</Typography>
            {pending.isLoading && !pending.data ? (
              <Flex justifyContent="center" padding={4}>
                <Loader small>{t('pagePicker.loading')}</Loader>
              </Flex>
            ) : null}
            {pending.error ? (
              <Alert variant="danger" title={t('pagePicker.error')} closeLabel={t('common.close')}>
                {formatError(pending.error)}
              </Alert>
            ) : null}
            {pending.data?.pages.map((page) => (
              <Box key={page.pageId} padding={3} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px">
                <Flex gap={3} alignItems="center">
                  <Checkbox
                    aria-label={page.username ?? page.pageName}
                    checked={selected.includes(page.pageId)}
                    onCheckedChange={(checked) => toggle(page.pageId, checked === true)}
                    data-testid={`pick-${page.pageId}`}
                  />
                  <AccountAvatar username={page.username} pictureUrl={page.profilePictureUrl} />
                  <Flex direction="column" alignItems="flex-start">
                    <Typography fontWeight="bold">@{page.username ?? page.instagramUserId}</Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {t('connections.page', { page: page.pageName })}
                      {page.followersCount !== null
                        ? ` · ${t('pagePicker.followers', { count: page.followersCount, formatted: formatNumber(page.followersCount) })}`
                        : ''}
                    </Typography>
                  </Flex>
                </Flex>
              </Box>
            ))}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={submitting} disabled={selected.length === 0 || !pending.data} data-testid="pick-confirm">
            {t('pagePicker.confirm', { count: selected.length })}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
