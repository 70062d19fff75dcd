/** Public content-API routes, served under /api/instagram-publisher/... */
export default {
  type: 'content-api' as const,
  routes: [] as Array<Record<string, unknown>>,
};
