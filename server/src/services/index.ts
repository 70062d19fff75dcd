import { createCommentsService } from './comments';
import { createConfigStatusService } from './config-status';
import { createConnectionsService } from './connections';
import { createEmailNoticesService } from './email-notices';
import { createAdminEndUserConnectionsService } from './end-user-connections';
import { createEndUserConnectionsService } from './end-users/connections';
import { createEndUserOAuthService } from './end-users/oauth';
import { createEndUserDeletionService } from './end-users/user-deletion';
import { createEndUserFilesService } from './end-users/files';
import { createEndUserPublicationsService } from './end-users/publications';
import { createEntryAccessService } from './entry-access';
import { createGraphService } from './graph';
import { createAccountInsightsService } from './insights/account';
import { createPublicCountsService } from './insights/public-counts';
import { createInsightsReadService } from './insights/read';
import { createInsightsSyncService } from './insights/sync';
import { createMappingsService } from './mappings';
import { createMetaCallbacksService } from './meta-callbacks';
import { createOAuthService } from './oauth';
import { createPublicApiService } from './public-api';
import { createPublicationsService } from './publications';
import { createStoreService } from './store';
import { createTokenRefreshService } from './token-refresh';
import { createUrlsService } from './urls';
import { createWebhookDeliveriesService } from './webhooks/deliveries';

export default {
  store: createStoreService,
  urls: createUrlsService,
  graph: createGraphService,
  configStatus: createConfigStatusService,
  connections: createConnectionsService,
  entryAccess: createEntryAccessService,
  oauth: createOAuthService,
  tokenRefresh: createTokenRefreshService,
  metaCallbacks: createMetaCallbacksService,
  mappings: createMappingsService,
  publications: createPublicationsService,
  endUserConnections: createEndUserConnectionsService,
  endUserOAuth: createEndUserOAuthService,
  endUserDeletion: createEndUserDeletionService,
  adminEndUserConnections: createAdminEndUserConnectionsService,
  endUserFiles: createEndUserFilesService,
  endUserPublications: createEndUserPublicationsService,
  emailNotices: createEmailNoticesService,
  /** The documented API for other plugins and the app's code (README: Use it from your code). */
  api: createPublicApiService,
  webhookDeliveries: createWebhookDeliveriesService,
  insightsSync: createInsightsSyncService,
  insightsRead: createInsightsReadService,
  accountInsights: createAccountInsightsService,
  publicCounts: createPublicCountsService,
  comments: createCommentsService,
};
