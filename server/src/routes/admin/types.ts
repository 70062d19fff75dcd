export interface RouteConfig {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: string;
  config?: { policies?: unknown[]; auth?: false | Record<string, unknown>; middlewares?: unknown[] };
}
