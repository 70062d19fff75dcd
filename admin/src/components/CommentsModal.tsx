import { Alert, Badge, Box, Button, Flex, Loader, Modal, Textarea, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useEffect, useState } from 'react';
import { type CommentThreadView, type CommentView, useInstagramApi } from '../api';
import { useApiError } from '../hooks/useApiError';
import { useCommentActivity } from '../hooks/useCommentActivity';
import { useT } from '../hooks/useT';

interface CommentsModalProps {
  /** The published post whose comments are moderated; null keeps the modal closed. */
  publicationId: string | null;
  onClose: () => void;
}

interface CommentRowProps {
  comment: CommentView;
  busy: string | null;
  onHide: (comment: CommentView) => void;
  onDelete: (comment: CommentView) => void;
  onReply?: (comment: CommentView) => void;
}

const CommentRow = ({ comment, busy, onHide, onDelete, onReply }: CommentRowProps) => {
  const t = useT();
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid={`comment-${comment.id}`}>
      <Flex gap={2}>
        <Typography fontWeight="bold">@{comment.username ?? '…'}</Typography>
        {comment.hidden ? <Badge>{t('comments.hidden')}</Badge> : null}
      </Flex>
      <Typography textColor={comment.hidden ? 'neutral500' : 'neutral800'}>{comment.text}</Typography>
      <Flex gap={2}>
        {onReply && !comment.hidden ? (
          <Button size="S" variant="tertiary" onClick={() => onReply(comment)} data-testid="comment-reply">
            {t('comments.reply')}
          </Button>
        ) : null}
        <Button size="S" variant="tertiary" loading={busy === `hide:${comment.id}`} onClick={() => onHide(comment)} data-testid="comment-hide">
          {t(comment.hidden ? 'comments.unhide' : 'comments.hide')}
        </Button>
        <Button size="S" variant="danger-light" loading={busy === `delete:${comment.id}`} onClick={() => onDelete(comment)} data-testid="comment-delete">
          {t('comments.delete')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** A published post's comments and replies: reply, hide or unhide, delete, and comments on or off. */
export const CommentsModal = ({ publicationId, onClose }: CommentsModalProps) => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const [comments, setComments] = useState<CommentThreadView[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [replyTo, setReplyTo] = useState<CommentView | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(
    async (cursor?: string) => {
      if (!publicationId) return;
      setLoading(true);
      try {
        const page = await api.listComments(publicationId, cursor ? { after: cursor } : {});
        setComments((previous) => (cursor ? [...previous, ...page.data] : page.data));
        setAfter(page.meta.after);
        setLoadError(null);
      } catch (error) {
        setLoadError(error);
      } finally {
        setLoading(false);
      }
    },
    [api, publicationId]
  );

  useEffect(() => {
    setComments([]);
    setAfter(null);
    setReplyTo(null);
    void load();
  }, [load]);

  // A comment Instagram notified while the list is open shows within seconds: the list is read again.
  useCommentActivity(publicationId, () => void load());

  /** Runs one moderation call, then reloads the first page so the list shows what Instagram holds. */
  const act = async (key: string, work: () => Promise<unknown>, success: Parameters<typeof t>[0] = 'comments.done') => {
    setBusy(key);
    try {
      await work();
      toggleNotification({ type: 'success', message: t(success) });
      await load();
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatError(error) });
      return false;
    } finally {
      setBusy(null);
    }
  };

  const id = publicationId as string;
  const hide = (comment: CommentView) => act(`hide:${comment.id}`, () => api.hideComment(id, comment.id, !comment.hidden));
  const remove = (comment: CommentView) => act(`delete:${comment.id}`, () => api.deleteComment(id, comment.id));
  const sendReply = async () => {
    if (!replyTo) return;
    if (await act('reply', () => api.replyToComment(id, replyTo.id, message))) {
      setReplyTo(null);
      setMessage('');
    }
  };

  return (
    <Modal.Root open={publicationId !== null} onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('comments.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="comments-modal">
            <Typography variant="pi" textColor="neutral600">
              {t('comments.live')}
            </Typography>
            {loadError ? (
              <Alert variant="danger" title={t('comments.error')} closeLabel={t('common.close')}>
                {formatError(loadError)}
              </Alert>
            ) : null}
            {!loading && !loadError && comments.length === 0 ? <Typography textColor="neutral600">{t('comments.empty')}</Typography> : null}
            {comments.map((comment) => (
              <Box key={comment.id} padding={3} hasRadius borderColor="neutral200" borderStyle="solid" borderWidth="1px">
                <CommentRow comment={comment} busy={busy} onHide={hide} onDelete={remove} onReply={setReplyTo} />
                {comment.replies.map((reply) => (
                  <Box key={reply.id} paddingTop={3} paddingLeft={6}>
                    <CommentRow comment={reply} busy={busy} onHide={hide} onDelete={remove} />
                  </Box>
                ))}
                {replyTo?.id === comment.id ? (
                  <Flex direction="column" alignItems="stretch" gap={2} paddingTop={3}>
                    <Textarea aria-label={t('comments.replyLabel')} value={message} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setMessage(event.target.value)} data-testid="comment-reply-text" />
                    <Flex gap={2}>
                      <Button size="S" onClick={sendReply} loading={busy === 'reply'} disabled={message.trim() === ''} data-testid="comment-reply-send">
                        {t('comments.send')}
                      </Button>
                      <Button size="S" variant="tertiary" onClick={() => setReplyTo(null)}>
                        {t('common.cancel')}
                      </Button>
                    </Flex>
                  </Flex>
                ) : null}
              </Box>
            ))}
            {loading ? (
              <Flex justifyContent="center" padding={4}>
                <Loader small>{t('common.loading')}</Loader>
              </Flex>
            ) : null}
            {after && !loading ? (
              <Button variant="secondary" onClick={() => load(after)} data-testid="comments-more">
                {t('comments.more')}
              </Button>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Flex gap={2}>
            <Button variant="tertiary" loading={busy === 'off'} onClick={() => act('off', () => api.setCommentsEnabled(id, false), 'comments.turnedOff')} data-testid="comments-off">
              {t('comments.turnOff')}
            </Button>
            <Button variant="tertiary" loading={busy === 'on'} onClick={() => act('on', () => api.setCommentsEnabled(id, true), 'comments.turnedOn')} data-testid="comments-on">
              {t('comments.turnOn')}
            </Button>
          </Flex>
          <Modal.Close>
            <Button variant="tertiary">{t('common.close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
