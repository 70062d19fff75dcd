import { hasAnyPermission } from './has-any-permission';

/** Route policies, referenced as `plugin::instagram-publisher.<name>`. */
export default {
  'has-any-permission': hasAnyPermission,
};
