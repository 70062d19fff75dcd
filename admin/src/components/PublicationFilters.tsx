import { Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import type { ConnectionView, PublicationStatus } from '../api';
import { useT } from '../hooks/useT';

const STATUSES: PublicationStatus[] = ['queued', 'preparing', 'containers_created', 'processing', 'publishing', 'published', 'deferred', 'failed', 'cancelled'];
const ALL = '__all__';

interface PublicationFiltersProps {
  status: string | undefined;
  connectionId: string | undefined;
  connections: ConnectionView[];
  onChange: (next: { status?: string; connectionId?: string }) => void;
}

/** Status and account filters of the publications list (kept in the URL like Strapi's list views). */
export const PublicationFilters = ({ status, connectionId, connections, onChange }: PublicationFiltersProps) => {
  const t = useT();
  return (
    <Flex gap={2}>
      <SingleSelect
        aria-label={t('publications.filter.status')}
        size="S"
        value={status ?? ALL}
        onChange={(value) => onChange({ status: value === ALL ? undefined : String(value), connectionId })}
        data-testid="filter-status"
      >
        <SingleSelectOption value={ALL}>{t('publications.filter.allStatuses')}</SingleSelectOption>
        {STATUSES.map((item) => (
          <SingleSelectOption key={item} value={item}>
            {t(`publication.status.${item}`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      {connections.length > 0 ? (
        <SingleSelect
          aria-label={t('publications.filter.account')}
          size="S"
          value={connectionId ?? ALL}
          onChange={(value) => onChange({ status, connectionId: value === ALL ? undefined : String(value) })}
          data-testid="filter-account"
        >
          <SingleSelectOption value={ALL}>{t('publications.filter.allAccounts')}</SingleSelectOption>
          {connections.map((connection) => (
            <SingleSelectOption key={connection.id} value={connection.id}>
              @{connection.profile.username || connection.instagramUserId}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      ) : null}
    </Flex>
  );
};
