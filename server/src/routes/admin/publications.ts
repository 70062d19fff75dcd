import type { RouteConfig } from './types';

/** Filled by the publications feature. */
export default [] as RouteConfig[];
