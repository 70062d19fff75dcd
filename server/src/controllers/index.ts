import comments from './comments';
import config from './config';
import connections from './connections';
import endUserConnections from './end-user-connections';
import insights from './insights';
import meta from './meta';
import myInsights from './my-insights';
import myComments from './my-comments';
import myConnections from './my-connections';
import myOAuth from './my-oauth';
import myFiles from './my-files';
import myPublications from './my-publications';
import oauth from './oauth';
import permalinks from './permalinks';
import publicCounts from './public-counts';
import publications from './publications';
import settings from './settings';
import webhooks from './webhooks';

export default {
  comments,
  config,
  connections,
  'end-user-connections': endUserConnections,
  oauth,
  meta,
  publications,
  settings,
  permalinks,
  'public-counts': publicCounts,
  webhooks,
  'my-connections': myConnections,
  'my-oauth': myOAuth,
  'my-files': myFiles,
  'my-publications': myPublications,
  insights,
  'my-insights': myInsights,
  'my-comments': myComments,
};
