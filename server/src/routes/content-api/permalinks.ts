import type { RouteConfig } from '../admin/types';

/** Filled by the permalinks feature. */
export default [] as RouteConfig[];
