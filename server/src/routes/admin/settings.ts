import type { RouteConfig } from './types';

/** Filled by the settings feature. */
export default [] as RouteConfig[];
