import { Button, DateTimePicker, Field, Flex, Modal, Typography } from '@strapi/design-system';
import { Clock } from '@strapi/icons';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { browserTimeZone } from '../utils/dates';
import { useT } from '../hooks/useT';

interface ScheduleModalProps {
  disabled?: boolean;
  loading?: boolean;
  onSchedule: (date: Date) => Promise<unknown>;
}

/**
 * "Schedule…": a date and time picked in the editor's own timezone (the browser's), sent as
 * UTC by the caller and shown back in that timezone.
 */
export const ScheduleModal = ({ disabled, loading, onSchedule }: ScheduleModalProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState<Date | undefined>(undefined);
  const timeZone = browserTimeZone();
  const inPast = date ? date.getTime() <= Date.now() : false;

  const submit = async () => {
    if (!date || inPast) return;
    // The caller answers null when the server refused: the dialog stays open with the choice.
    if ((await onSchedule(date)) === null) return;
    setOpen(false);
    setDate(undefined);
  };

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" startIcon={<Clock />} fullWidth disabled={disabled} data-testid="panel-schedule">
          {t('panel.schedule')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header closeLabel={t('common.close')}>
          <Modal.Title>{t('panel.schedule.title')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="scheduledAt" hint={t('panel.schedule.hint', { timeZone })} error={inPast ? t('panel.schedule.past') : undefined}>
              <Field.Label>{t('panel.schedule.label')}</Field.Label>
              <DateTimePicker
                value={date ?? null}
                onChange={setDate}
                minDate={new Date()}
                dateLabel={t('panel.schedule.date')}
                timeLabel={t('panel.schedule.time')}
                clearLabel={t('common.clear')}
                onClear={() => setDate(undefined)}
                step={15}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            {date && !inPast ? (
              <Typography variant="omega" data-testid="schedule-summary">
                {t('panel.schedule.summary', {
                  date: formatDate(date, { dateStyle: 'full', timeStyle: 'short', timeZone }),
                  timeZone,
                })}
              </Typography>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={loading} disabled={!date || inPast} data-testid="schedule-confirm">
            {t('panel.schedule.confirm')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
