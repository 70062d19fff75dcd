import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { ContentTypeField } from '../api';
import { useT } from '../hooks/useT';

interface FieldSelectProps {
  name: string;
  label: string;
  hint?: string;
  fields: ContentTypeField[];
  value: string | null;
  onChange: (value: string | null) => void;
  disabled?: boolean;
}

const NONE = '__none__';

/** Picks one field of the content type, or none (the feature stays off). */
export const FieldSelect = ({ name, label, hint, fields, value, onChange, disabled }: FieldSelectProps) => {
  const t = useT();
  return (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect
        value={value ?? NONE}
        onChange={(next) => onChange(next === NONE ? null : String(next))}
        disabled={disabled}
      >
        <SingleSelectOption value={NONE}>{t('mappings.none')}</SingleSelectOption>
        {fields.map((field) => (
          <SingleSelectOption key={field.name} value={field.name}>
            {field.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};
