export const PLUGIN_ID = 'instagram-publisher';
