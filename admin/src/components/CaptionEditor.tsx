import { Field, Flex, TextButton, Textarea, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { countCaption } from '../../../server/src/publishing/caption';
import type { Preview } from '../api';
import { useT } from '../hooks/useT';
import { CaptionCounts } from './CaptionCounts';

interface CaptionEditorProps {
  value: string;
  /** The caption the mapping's template makes for this entry. */
  templateCaption: string;
  /** The server's caption limits (its `limits` option), as the preview reports them. */
  limits: Preview['limits'];
  onChange: (value: string) => void;
}

/** The caption of one post, prefilled from the template, with Instagram's counters as the editor types. */
export const CaptionEditor = ({ value, templateCaption, limits, onChange }: CaptionEditorProps) => {
  const t = useT();
  const edited = value !== templateCaption;
  return (
    <Field.Root name="instagram-caption" hint={t(edited ? 'compose.caption.hint.edited' : 'compose.caption.hint')}>
      <Field.Label>{t('compose.caption')}</Field.Label>
      <Textarea value={value} onChange={(event) => onChange(event.target.value)} data-testid="compose-caption" />
      <Field.Hint />
      <Flex justifyContent="space-between" alignItems="flex-start" gap={2} paddingTop={1} wrap="wrap">
        {/* Instagram counts the caption as posted: trimmed, as the worker sends it. */}
        <CaptionCounts counts={countCaption(value.trim())} limits={limits} />
        {edited ? (
          <TextButton startIcon={<ArrowClockwise />} onClick={() => onChange(templateCaption)} data-testid="compose-caption-reset">
            <Typography variant="pi">{t('compose.caption.reset')}</Typography>
          </TextButton>
        ) : null}
      </Flex>
    </Field.Root>
  );
};
