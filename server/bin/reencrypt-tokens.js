#!/usr/bin/env node
'use strict';
/**
 * Re-encrypts every stored Instagram token under the first key of `encryptionKeys`.
 *
 * Run it from the Strapi app's folder after putting the new key first in the ring
 * (`encryptionKeys: [newKey, oldKey]`); once it reports success the old key can be removed.
 *
 *   npx instagram-publisher-reencrypt-tokens
 */
const path = require('path');

const main = async () => {
  const appDir = path.resolve(process.argv[2] || process.cwd());
  // Background work would only get in the way of a one-shot command.
  process.env.INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND = 'true';
  const strapiModule = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  const { appDir: resolvedAppDir, distDir } = await strapiModule.compileStrapi({ appDir });
  const strapi = await strapiModule.createStrapi({ appDir: resolvedAppDir, distDir, autoReload: false, serveAdminPanel: false }).load();
  try {
    const store = strapi.plugin('instagram-publisher').service('store').get();
    const total = await store.connections.count();
    const changed = await store.connections.reencryptTokens();
    strapi.log.info(`[instagram-publisher] re-encrypted ${changed} of ${total} connections under the current key`);
    process.stdout.write(`Re-encrypted ${changed} of ${total} connections under the current key.\n`);
  } finally {
    await strapi.destroy();
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`Token re-encryption failed: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  }
);
