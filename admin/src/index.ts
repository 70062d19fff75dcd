import { InstagramIcon } from './components/InstagramIcon';
import { InstagramPanel } from './components/InstagramPanel';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';

type TranslationModule = { default: Record<string, string> };

interface ContentManagerApis {
  addEditViewSidePanel?: (panels: unknown[]) => void;
}

const prefixKeys = (data: Record<string, string>) =>
  Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value]));

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: InstagramIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Instagram Publisher' },
      Component: () => import('./pages/PublicationsPage'),
      permissions: PERMISSIONS.publicationsRead,
    });
    app.addSettingsLink('global', {
      intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Instagram Publisher' },
      id: PLUGIN_ID,
      to: PLUGIN_ID,
      Component: () => import('./pages/SettingsPage'),
      // Shown to anyone who may see accounts, edit mappings or support app users; each section checks its own action.
      permissions: [...PERMISSIONS.connectionsRead, ...PERMISSIONS.settingsManage, ...PERMISSIONS.endUsersManage],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  bootstrap(app: any) {
    const apis = app.getPlugin('content-manager')?.apis as ContentManagerApis | undefined;
    if (typeof apis?.addEditViewSidePanel === 'function') apis.addEditViewSidePanel([InstagramPanel]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          return { data: prefixKeys(data), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
