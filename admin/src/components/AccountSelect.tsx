import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { ConnectionView } from '../api';
import { useT } from '../hooks/useT';
import { handleOf } from '../utils/connections';

interface AccountSelectProps {
  connections: ConnectionView[];
  value: string | null;
  onChange: (id: string) => void;
  hint?: string;
}

/** Which account to post to: the connected accounts that can post now. */
export const AccountSelect = ({ connections, value, onChange, hint }: AccountSelectProps) => {
  const t = useT();
  return (
    <Field.Root name="instagram-account" hint={hint}>
      <Field.Label>{t('panel.account')}</Field.Label>
      <SingleSelect value={value ?? undefined} placeholder={t('panel.account.placeholder')} onChange={(next) => onChange(String(next))} data-testid="compose-account">
        {connections.map((connection) => (
          <SingleSelectOption key={connection.id} value={connection.id}>
            {handleOf(connection)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      {hint ? <Field.Hint /> : null}
    </Field.Root>
  );
};
