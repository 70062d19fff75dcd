import connection from './connection';
import oauthRecord from './oauth-record';
import publication from './publication';
import setting from './setting';

/** Plugin-internal tables: hidden from the Content Manager and the Content-Type Builder. */
export default {
  connection,
  'oauth-record': oauthRecord,
  publication,
  setting,
};
