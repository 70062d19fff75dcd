import { Field, Flex, Tag, Textarea, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { useRef } from 'react';
import type { ContentTypeField } from '../api';
import { useT } from '../hooks/useT';

interface CaptionTemplateFieldProps {
  name: string;
  label: string;
  hint: string;
  value: string;
  fields: ContentTypeField[];
  error?: string;
  onChange: (value: string) => void;
}

/** A template textarea with one-click `{{field}}` insertion at the cursor. */
export const CaptionTemplateField = ({ name, label, hint, value, fields, error, onChange }: CaptionTemplateFieldProps) => {
  const t = useT();
  const ref = useRef<HTMLTextAreaElement>(null);

  const insert = (fieldName: string) => {
    const placeholder = `{{${fieldName}}}`;
    const element = ref.current;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    onChange(`${value.slice(0, start)}${placeholder}${value.slice(end)}`);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  };

  return (
    <Field.Root name={name} hint={hint} error={error}>
      <Field.Label>{label}</Field.Label>
      <Textarea ref={ref} value={value} onChange={(event) => onChange(event.target.value)} data-testid={`${name}-input`} />
      <Field.Hint />
      <Field.Error />
      {fields.length > 0 ? (
        <Flex gap={1} wrap="wrap" paddingTop={1}>
          <Typography variant="pi" textColor="neutral600">
            {t('mappings.insertField')}
          </Typography>
          {fields.map((field) => (
            <Tag key={field.name} icon={<Plus />} onClick={() => insert(field.name)} label={t('mappings.insertField.label', { field: field.name })}>
              {field.name}
            </Tag>
          ))}
        </Flex>
      ) : null}
    </Field.Root>
  );
};
