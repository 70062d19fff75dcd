import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import { Clock, PaperPlane } from '@strapi/icons';
import { useState } from 'react';
import type { ConnectionView, CreatePublication, Preview } from '../api';
import { useNow } from '../hooks/useNow';
import { useT } from '../hooks/useT';
import { fieldError, withoutFieldPrefix } from '../utils/api-errors';
import { hasPassed, toUtcIso } from '../utils/dates';
import { AccountSelect } from './AccountSelect';
import { CaptionEditor } from './CaptionEditor';
import { WhenField, type When } from './WhenField';

export type ComposeRequest = Pick<CreatePublication.Request, 'caption' | 'connectionId' | 'scheduledAt'>;

export interface ComposeModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Which choice the dialog opens with ("Publish now" or "Schedule…" in the panel). */
  initialWhen: When;
  preview: Preview;
  /** Accounts that can post; null when the admin may not list accounts (the server then picks). */
  accounts: ConnectionView[] | null;
  defaultAccountId: string | null;
  busy: boolean;
  /**
   * Sends the post; answers null when it was not made. `handled` says whether the dialog
   * showed the error itself (a scheduled time the server refused), so no toast repeats it.
   */
  onSubmit: (request: ComposeRequest, handled: (error: unknown) => boolean) => Promise<unknown>;
}

/** One post of this entry: its caption (editable, with Instagram's counters), the account, now or later. */
export const ComposeModal = ({ open, onOpenChange, initialWhen, ...form }: ComposeModalProps) => {
  const t = useT();
  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('compose.title')}</Modal.Title>
        </Modal.Header>
        {/* Mounted only while open: every opening starts again from the template's caption. */}
        {open ? <ComposeForm initialWhen={initialWhen} onDone={() => onOpenChange(false)} {...form} /> : null}
      </Modal.Content>
    </Modal.Root>
  );
};

type ComposeFormProps = Omit<ComposeModalProps, 'open' | 'onOpenChange'> & { onDone: () => void };

const ComposeForm = ({ initialWhen, preview, accounts, defaultAccountId, busy, onSubmit, onDone }: ComposeFormProps) => {
  const t = useT();
  const [caption, setCaption] = useState(preview.caption);
  const [accountId, setAccountId] = useState<string | null>(defaultAccountId);
  const [when, setWhen] = useState<When>(initialWhen);
  const [date, setDate] = useState<Date | undefined>(undefined);
  const [refusal, setRefusal] = useState<string | null>(null);
  const now = useNow(when === 'later' && Boolean(date));
  const passed = when === 'later' && date !== undefined && hasPassed(date, now);
  const story = preview.kind === 'story';
  const needsAccount = accounts !== null && !accountId;

  const send = async (mode: When) => {
    if (mode === 'later' && (!date || hasPassed(date))) return;
    setRefusal(null);
    const request: ComposeRequest = {
      ...(accountId ? { connectionId: accountId } : {}),
      // Only an edited caption is sent: otherwise the template renders it when the post is made.
      ...(!story && caption !== preview.caption ? { caption } : {}),
      ...(mode === 'later' && date ? { scheduledAt: toUtcIso(date) } : {}),
    };
    const result = await onSubmit(request, (error) => {
      const timeError = mode === 'later' ? fieldError(error, 'scheduledAt') : undefined;
      if (timeError) setRefusal(withoutFieldPrefix(timeError.message));
      return Boolean(timeError);
    });
    if (result !== null) onDone();
  };

  const postNow = () => {
    setWhen('now');
    void send('now');
  };

  return (
    <>
      <Modal.Body>
        <Flex direction="column" alignItems="stretch" gap={5} data-testid="compose-dialog">
          {accounts !== null ? (
            <AccountSelect connections={accounts} value={accountId} onChange={setAccountId} hint={needsAccount ? t('compose.account.choose') : undefined} />
          ) : null}
          {story ? (
            <Typography variant="pi" textColor="neutral600">
              {t('compose.caption.story')}
            </Typography>
          ) : (
            <CaptionEditor value={caption} templateCaption={preview.caption} limits={preview.limits} onChange={setCaption} />
          )}
          <WhenField
            when={when}
            date={date}
            problem={refusal ?? (passed ? t('panel.schedule.past') : null)}
            onWhenChange={(next) => {
              setWhen(next);
              setRefusal(null);
            }}
            onDateChange={(next) => {
              setDate(next);
              setRefusal(null);
            }}
            onPostNow={postNow}
          />
        </Flex>
      </Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">{t('common.cancel')}</Button>
        </Modal.Close>
        <Button
          startIcon={when === 'now' ? <PaperPlane /> : <Clock />}
          onClick={() => void send(when)}
          loading={busy}
          disabled={needsAccount || (when === 'later' && (!date || passed || Boolean(refusal)))}
          data-testid="compose-confirm"
        >
          {t(when === 'now' ? 'compose.confirm.now' : 'panel.schedule.confirm')}
        </Button>
      </Modal.Footer>
    </>
  );
};
