import type { RouteConfig } from '../admin/types';

/** Filled by the oauth feature. */
export default [] as RouteConfig[];
