import { Page, Layouts, useFetchClient } from '@strapi/strapi/admin';
import { Alert, Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';

interface ConfigStatus {
  configured: boolean;
  sandbox: boolean;
  flows: Record<'instagram' | 'facebook', { configured: boolean; appId: string | null }>;
  redirectUri: string;
  callbacks: { deauthorize: string; dataDeletion: string };
  store: 'strapi' | 'mongo';
  graphApiVersion: string;
  missing: string[];
}

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [status, setStatus] = useState<ConfigStatus | null>(null);
  const [failed, setFailed] = useState(false);
  const t = (id: string) => formatMessage({ id: getTranslation(id), defaultMessage: id });

  useEffect(() => {
    get<{ data: ConfigStatus }>(`/${PLUGIN_ID}/config-status`)
      .then((response) => setStatus(response.data.data))
      .catch(() => setFailed(true));
  }, [get]);

  if (failed) return <Page.Error />;
  if (!status) return <Page.Loading />;

  const row = (label: string, value: string) => (
    <Flex gap={2} key={label}>
      <Typography fontWeight="bold">{label}</Typography>
      <Typography tag="code">{value}</Typography>
    </Flex>
  );

  return (
    <Page.Main>
      <Page.Title>{t('settings.title')}</Page.Title>
      <Layouts.Header title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {status.sandbox && <Alert variant="warning" closeLabel="close">{t('status.sandbox')}</Alert>}
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Typography variant="delta" tag="h2">{t('status.title')}</Typography>
              {(['instagram', 'facebook'] as const).map((flow) => (
                <Flex gap={2} key={flow}>
                  <Typography>{t(`status.flow.${flow}`)}</Typography>
                  <Badge active={status.flows[flow].configured}>
                    {t(status.flows[flow].configured ? 'status.configured' : 'status.notConfigured')}
                  </Badge>
                </Flex>
              ))}
              {row(t('status.redirectUri'), status.redirectUri)}
              {row(t('status.deauthorize'), status.callbacks.deauthorize)}
              {row(t('status.dataDeletion'), status.callbacks.dataDeletion)}
              {row(t('status.store'), status.store)}
              {row(t('status.graphVersion'), status.graphApiVersion)}
              {status.missing.length > 0 && (
                <Alert variant="default" title={t('status.missing')} closeLabel="close">
                  {status.missing.join(' ')}
                </Alert>
              )}
            </Flex>
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export { SettingsPage };
export default SettingsPage;
