import type { RouteConfig } from '../admin/types';

/** Filled by the meta feature. */
export default [] as RouteConfig[];
