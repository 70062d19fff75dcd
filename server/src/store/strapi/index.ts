import type { Core } from '@strapi/strapi';
import type { TokenCipher } from '../cipher';
import { createConnectionRepository } from '../connections/repository';
import { CONNECTION_ATTRIBUTES, type ConnectionField } from '../connections/mapper';
import { createInsightsRepository, type AccountSnapshotField, type PostSnapshotField, type PublicationInsightsField } from '../insights';
import { createOAuthRecordRepository, type OAuthRecordField } from '../oauth-records';
import { createSettingsRepository } from '../settings';
import { createTokenCodec } from '../tokens';
import type { Store } from '../types';
import { createPublicationRepository } from './publications';
import { createStrapiTable } from './table';

/** The insight columns of the publication queue, which stays in Strapi's database with either backend. */
export const publicationInsightsTable = (strapi: Core.Strapi) =>
  createStrapiTable<PublicationInsightsField>(strapi, 'plugin::instagram-publisher.publication');

/** The default backend: the plugin's hidden content types in Strapi's own database. */
export const createStrapiStore = (strapi: Core.Strapi, cipher: TokenCipher): Store => {
  const tokens = createTokenCodec(cipher);
  const store: Store = {
    kind: 'strapi',
    connections: createConnectionRepository(
      createStrapiTable<ConnectionField>(strapi, 'plugin::instagram-publisher.connection', CONNECTION_ATTRIBUTES),
      tokens
    ),
    oauth: createOAuthRecordRepository(createStrapiTable<OAuthRecordField>(strapi, 'plugin::instagram-publisher.oauth-record'), tokens),
    publications: createPublicationRepository(strapi),
    settings: createSettingsRepository(createStrapiTable(strapi, 'plugin::instagram-publisher.setting')),
    insights: createInsightsRepository({
      posts: createStrapiTable<PostSnapshotField>(strapi, 'plugin::instagram-publisher.insight-snapshot'),
      accounts: createStrapiTable<AccountSnapshotField>(strapi, 'plugin::instagram-publisher.account-snapshot'),
      publications: publicationInsightsTable(strapi),
    }),
    async init() {
      await store.connections.adoptUnowned();
    },
    async close() {},
  };
  return store;
};
