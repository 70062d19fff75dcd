import type { RouteModule } from '../graph/router';
import { commentRoutes } from './comments';
import { containerRoutes } from './containers';
import { facebookLoginRoutes } from './facebook-login';
import { facebookPageRoutes } from './facebook-pages';
import { facebookUserRoutes } from './facebook-user';
import { insightRoutes } from './insights';
import { instagramLoginRoutes } from './instagram-login';
import { mediaRoutes } from './media';
import { profileRoutes } from './profile';
import { publishRoutes } from './publish';
import { quotaRoutes } from './quota';
import { subscribedAppsRoutes } from './subscribed-apps';

/**
 * Every route module of the sandbox. A new capability is a new module beside these that registers its
 * routes on the router (paths, node kinds, edges), plus one line here.
 */
export const ROUTE_MODULES: readonly RouteModule[] = [
  instagramLoginRoutes,
  facebookLoginRoutes,
  facebookUserRoutes,
  facebookPageRoutes,
  profileRoutes,
  containerRoutes,
  publishRoutes,
  mediaRoutes,
  quotaRoutes,
  commentRoutes,
  subscribedAppsRoutes,
  insightRoutes,
];
