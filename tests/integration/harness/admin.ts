import type { Core } from '@strapi/strapi';
import request from 'supertest';

let counter = 0;

/** Creates an active admin with the given roles and logs in through HTTP, as the admin panel does. */
export const createAdminSession = async (
  strapi: Core.Strapi,
  { roleCodes = ['strapi-super-admin'], roleIds = [] as Array<number | string> } = {}
) => {
  counter += 1;
  const email = `admin${counter}-${Date.now()}@example.test`;
  const password = 'Test-password-1234';
  const roles = [...roleIds];
  for (const code of roleCodes) {
    const role = await strapi.db.query('admin::role').findOne({ where: { code } });
    if (!role) throw new Error(`role ${code} not found`);
    roles.push(role.id);
  }
  const user = await strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: `Admin ${counter}`,
    password,
    isActive: true,
    roles,
  });
  const response = await request(strapi.server.httpServer).post('/admin/login').send({ email, password });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${JSON.stringify(response.body)}`);
  const token: string = response.body.data.token;
  return { user, token, auth: { Authorization: `Bearer ${token}` } };
};
