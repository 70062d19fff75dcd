import config from './config';
import connections from './connections';
import meta from './meta';
import myFiles from './my-files';
import myPublications from './my-publications';
import oauth from './oauth';
import permalinks from './permalinks';
import publications from './publications';
import settings from './settings';

export default {
  config,
  connections,
  oauth,
  meta,
  publications,
  settings,
  permalinks,
  'my-files': myFiles,
  'my-publications': myPublications,
};
