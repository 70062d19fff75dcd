import type { Core } from '@strapi/strapi';

/** Small HTTP client for the admin API, as the admin panel itself calls it. */
export const adminApi = (baseUrl: string, token?: string) => {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text };
    }
    return { status: response.status, body: json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body ?? {}),
    put: (path: string, body?: unknown) => call('PUT', path, body ?? {}),
    del: (path: string) => call('DELETE', path),
  };
};

export const SUPER_ADMIN = { email: 'ada@example.test', password: 'Sandbox-admin-1', firstname: 'Ada', lastname: 'Admin' };
export const EDITOR = { email: 'eddie@example.test', password: 'Sandbox-editor-1', firstname: 'Eddie', lastname: 'Editor' };

/** The first administrator of a fresh database, as the registration screen creates it. */
export const registerFirstAdmin = async (baseUrl: string) => {
  const response = await adminApi(baseUrl).post('/admin/register-admin', SUPER_ADMIN);
  if (response.status !== 200 && response.status !== 201) {
    throw new Error(`register-admin answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return login(baseUrl, SUPER_ADMIN);
};

export const login = async (baseUrl: string, user: { email: string; password: string }): Promise<string> => {
  const response = await adminApi(baseUrl).post('/admin/login', { email: user.email, password: user.password });
  if (response.status !== 200) throw new Error(`admin login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data.token as string;
};

/** A role that may read accounts and publish, but not connect or disconnect accounts nor edit mappings. */
export const createEditorWithoutManage = async (strapi: Core.Strapi) => {
  const roleService = strapi.service('admin::role') as any;
  const role = await roleService.create({ name: 'Instagram editor', description: 'Publishes entries to Instagram; cannot manage accounts.' });
  const actions = [
    'plugin::instagram-publisher.connections.read',
    'plugin::instagram-publisher.publications.read',
    'plugin::instagram-publisher.publications.create',
    'plugin::content-manager.explorer.read',
  ];
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({
      action,
      subject: action.startsWith('plugin::content-manager') ? 'api::article.article' : null,
      properties: action.startsWith('plugin::content-manager') ? { fields: ['title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video'], locales: ['en'] } : {},
      conditions: [],
    }))
  );
  await (strapi.service('admin::user') as any).create({ ...EDITOR, isActive: true, roles: [role.id] });
  return role;
};
