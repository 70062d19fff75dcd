import { PLUGIN_ID } from '../pluginId';

/** Translation keys are namespaced by plugin id so they never collide with Strapi's own. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
