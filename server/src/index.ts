import bootstrap from './bootstrap';
import config from './config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import policies from './policies';
import register from './register';
import routes from './routes';
import services from './services';

export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  controllers,
  routes,
  services,
  policies,
  middlewares: {},
};

/**
 * Types for other plugins and the app's own code: the service API
 * (`strapi.plugin('instagram-publisher').service('api')`), the events and their payloads, and
 * every view and input of the plugin's routes.
 */
export type { PublicApiService } from './services/public-api';
export type * from './contracts';
