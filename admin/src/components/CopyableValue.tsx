import { Field } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useClipboard, useNotification } from '@strapi/strapi/admin';
import { useT } from '../hooks/useT';

interface CopyableValueProps {
  label: string;
  value: string;
  hint?: string;
  name: string;
}

/** A read-only value to paste into Meta's dashboard, with a copy button. */
export const CopyableValue = ({ label, value, hint, name }: CopyableValueProps) => {
  const t = useT();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();

  const onCopy = async () => {
    const copied = await copy(value);
    toggleNotification(
      copied ? { type: 'success', message: t('copy.done') } : { type: 'warning', message: t('copy.failed') }
    );
  };

  return (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Field.Input
        readOnly
        value={value}
        onFocus={(event) => event.currentTarget.select()}
        endAction={
          <Field.Action label={t('copy.label', { label })} onClick={onCopy}>
            <Duplicate />
          </Field.Action>
        }
      />
      <Field.Hint />
    </Field.Root>
  );
};
