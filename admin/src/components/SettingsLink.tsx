import { Link } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../hooks/useT';

/** "Settings → Instagram Publisher", where accounts are connected and mappings chosen. */
export const SettingsLink = () => {
  const t = useT();
  return (
    <Link tag={RouterLink} to={`/settings/${PLUGIN_ID}`} data-testid="settings-link">
      {t('common.settingsLink')}
    </Link>
  );
};
