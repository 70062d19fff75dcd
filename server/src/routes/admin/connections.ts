import type { RouteConfig } from './types';

/** Filled by the connections feature. */
export default [] as RouteConfig[];
