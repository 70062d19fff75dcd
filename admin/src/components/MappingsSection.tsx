import { Accordion, Badge, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import { useState } from 'react';
import { type ConnectionView, type Mapping, useInstagramApi } from '../api';
import { useApiError } from '../hooks/useApiError';
import { useSettings } from '../hooks/useSettings';
import { useT } from '../hooks/useT';
import { mappingAccountProblem } from '../utils/connections';
import { defaultMapping } from '../utils/mapping';
import { MappingEditor } from './MappingEditor';
import { SectionCard } from './SectionCard';
import { LoadFailedAlert } from './LoadFailedAlert';

interface MappingsSectionProps {
  connections: ConnectionView[];
  /** False while the accounts are unknown (loading, or not readable): no account is judged missing then. */
  connectionsKnown: boolean;
}

/** Per content type: whether and how its entries become Instagram posts. */
export const MappingsSection = ({ connections, connectionsKnown }: MappingsSectionProps) => {
  const t = useT();
  const api = useInstagramApi();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const settings = useSettings(true);
  const [drafts, setDrafts] = useState<Record<string, Mapping>>({});
  const [savingUid, setSavingUid] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const saved = settings.data?.mappings ?? {};
  const types = settings.data?.contentTypes ?? [];

  const save = async (uid: string) => {
    const draft = drafts[uid];
    if (!draft || !settings.data) return;
    setSavingUid(uid);
    try {
      const next = await api.saveSettings({ ...saved, [uid]: draft });
      settings.setData(next);
      setDrafts(({ [uid]: _done, ...rest }) => rest);
      setErrors(({ [uid]: _done, ...rest }) => rest);
      toggleNotification({ type: 'success', message: t('mappings.saved') });
    } catch (error) {
      const message = formatError(error);
      setErrors((previous) => ({ ...previous, [uid]: message }));
      toggleNotification({ type: 'danger', message });
    } finally {
      setSavingUid(null);
    }
  };

  return (
    <SectionCard title={t('mappings.title')} subtitle={t('mappings.subtitle')} testId="mappings-section">
      {settings.error && !settings.data ? (
        <LoadFailedAlert title={t('mappings.error')} error={settings.error} onRetry={() => settings.refetch()} />
      ) : !settings.data ? (
        <Flex justifyContent="center" padding={6}>
          <Loader small>{t('mappings.loading')}</Loader>
        </Flex>
      ) : types.length === 0 ? (
        <EmptyStateLayout content={t('mappings.empty')} />
      ) : (
        <Accordion.Root>
          {types.map((type) => {
            const mapping = drafts[type.uid] ?? saved[type.uid] ?? defaultMapping(type);
            const enabled = (saved[type.uid] ?? mapping).enabled && Boolean(saved[type.uid]);
            return (
              <Accordion.Item key={type.uid} value={type.uid}>
                <Accordion.Header>
                  <Accordion.Trigger description={type.uid}>{type.displayName}</Accordion.Trigger>
                  <Accordion.Actions>
                    <Flex gap={2} paddingRight={4}>
                      {drafts[type.uid] ? (
                        <Typography variant="pi" textColor="warning600">
                          {t('mappings.unsaved')}
                        </Typography>
                      ) : null}
                      {enabled && connectionsKnown && mappingAccountProblem(saved[type.uid]?.connectionId, connections) ? (
                        <Badge variant="warning" style={{ whiteSpace: 'nowrap' }} data-testid="mapping-account-badge">
                          {t('mappings.badge.noAccount')}
                        </Badge>
                      ) : null}
                      <Badge variant={enabled ? 'success' : 'neutral'} style={{ whiteSpace: 'nowrap' }}>
                        {t(enabled ? (saved[type.uid]?.autoPublish ? 'mappings.badge.auto' : 'mappings.badge.manual') : 'mappings.badge.off')}
                      </Badge>
                    </Flex>
                  </Accordion.Actions>
                </Accordion.Header>
                <Accordion.Content>
                  <Flex padding={6} direction="column" alignItems="stretch">
                    <MappingEditor
                      type={type}
                      mapping={mapping}
                      connections={connections}
                      connectionsKnown={connectionsKnown}
                      saving={savingUid === type.uid}
                      dirty={Boolean(drafts[type.uid])}
                      error={errors[type.uid]}
                      onChange={(next) => setDrafts((previous) => ({ ...previous, [type.uid]: next }))}
                      onSave={() => save(type.uid)}
                    />
                  </Flex>
                </Accordion.Content>
              </Accordion.Item>
            );
          })}
        </Accordion.Root>
      )}
    </SectionCard>
  );
};
