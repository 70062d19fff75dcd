import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { ConnectionView } from '../api';
import { useT } from '../hooks/useT';

interface AccountSelectProps {
  connections: ConnectionView[];
  value: string | null;
  onChange: (id: string) => void;
}

/** Which account to post to, when the mapping leaves the choice to the editor. */
export const AccountSelect = ({ connections, value, onChange }: AccountSelectProps) => {
  const t = useT();
  return (
    <Field.Root name="instagram-account">
      <Field.Label>{t('panel.account')}</Field.Label>
      <SingleSelect value={value ?? undefined} placeholder={t('panel.account.placeholder')} onChange={(next) => onChange(String(next))} size="S">
        {connections.map((connection) => (
          <SingleSelectOption key={connection.id} value={connection.id}>
            @{connection.profile.username ?? connection.instagramUserId}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};
