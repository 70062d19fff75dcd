import { hasAnyPermission } from './has-any-permission';
import { isEndUser } from './is-end-user';

/** Route policies, referenced as `plugin::instagram-publisher.<name>`. */
export default {
  'has-any-permission': hasAnyPermission,
  'is-end-user': isEndUser,
};
