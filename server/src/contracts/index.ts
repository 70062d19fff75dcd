/**
 * The contract between the plugin's server and its admin (and any front end calling its routes):
 * the request and response of every route, and every list of states and codes. Dependency-free:
 * the controllers type their bodies against it, the services return its types, the admin imports it.
 */
export * from './account-insights';
export * from './comments';
export * from './config-status';
export * from './connections';
export * from './end-users';
export * from './errors';
export * from './events';
export * from './insights';
export * from './publications';
export * from './public-api';
export * from './settings';
export * from './statuses';
