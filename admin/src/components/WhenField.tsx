import { Alert, Button, DateTimePicker, Field, Flex, Radio, Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useT } from '../hooks/useT';
import { browserTimeZone } from '../utils/dates';

export type When = 'now' | 'later';

interface WhenFieldProps {
  when: When;
  date: Date | undefined;
  /** Why the chosen time cannot be used: it passed while the dialog was open, or the server said so. */
  problem: string | null;
  onWhenChange: (when: When) => void;
  onDateChange: (date: Date | undefined) => void;
  onPostNow: () => void;
}

/**
 * Now, or at a date and time picked in the editor's own timezone (the browser's), sent as UTC
 * by the caller and shown back in that timezone. A time that has passed offers to post now.
 */
export const WhenField = ({ when, date, problem, onWhenChange, onDateChange, onPostNow }: WhenFieldProps) => {
  const t = useT();
  const { formatDate } = useIntl();
  const timeZone = browserTimeZone();
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Field.Root name="instagram-when">
        <Field.Label>{t('compose.when')}</Field.Label>
        <Radio.Group value={when} onValueChange={(value) => onWhenChange(value as When)} aria-label={t('compose.when')}>
          <Radio.Item value="now">{t('compose.when.now')}</Radio.Item>
          <Radio.Item value="later">{t('compose.when.later')}</Radio.Item>
        </Radio.Group>
      </Field.Root>
      {when === 'later' ? (
        <Field.Root name="scheduledAt" hint={t('panel.schedule.hint', { timeZone })}>
          <Field.Label>{t('panel.schedule.label')}</Field.Label>
          <DateTimePicker
            value={date ?? null}
            onChange={onDateChange}
            minDate={new Date()}
            dateLabel={t('panel.schedule.date')}
            timeLabel={t('panel.schedule.time')}
            clearLabel={t('common.clear')}
            onClear={() => onDateChange(undefined)}
            step={15}
          />
          <Field.Hint />
        </Field.Root>
      ) : null}
      {when === 'later' && problem ? (
        <Alert
          variant="warning"
          title={t('compose.past.title')}
          closeLabel={t('common.close')}
          action={
            <Button variant="secondary" size="S" startIcon={<PaperPlane />} onClick={onPostNow} data-testid="compose-post-now-instead">
              {t('compose.past.postNow')}
            </Button>
          }
          data-testid="compose-past"
        >
          {problem}
        </Alert>
      ) : when === 'later' && date ? (
        <Typography variant="omega" data-testid="schedule-summary">
          {t('panel.schedule.summary', { date: formatDate(date, { dateStyle: 'full', timeStyle: 'short', timeZone }), timeZone })}
        </Typography>
      ) : null}
    </Flex>
  );
};
