import accountSnapshot from './account-snapshot';
import connection from './connection';
import insightSnapshot from './insight-snapshot';
import oauthRecord from './oauth-record';
import publication from './publication';
import setting from './setting';
import userFile from './user-file';

/** Plugin-internal tables: hidden from the Content Manager and the Content-Type Builder. */
export default {
  connection,
  'oauth-record': oauthRecord,
  // Insights time series (services/insights): a post's numbers at each sync, an account's per day.
  'insight-snapshot': insightSnapshot,
  'account-snapshot': accountSnapshot,
  publication,
  setting,
  // Which Media Library files an end user uploaded (their `/me/files`): only they may post them.
  'user-file': userFile,
};
