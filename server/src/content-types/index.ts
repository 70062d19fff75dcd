import connection from './connection';
import oauthRecord from './oauth-record';
import publication from './publication';
import setting from './setting';
import userFile from './user-file';

/** Plugin-internal tables: hidden from the Content Manager and the Content-Type Builder. */
export default {
  connection,
  'oauth-record': oauthRecord,
  publication,
  setting,
  // Which Media Library files an end user uploaded (their `/me/files`): only they may post them.
  'user-file': userFile,
};
