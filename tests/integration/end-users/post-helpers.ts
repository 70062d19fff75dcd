import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { makeJpeg, makeMp4, makePng } from '../../sandbox/fixtures';
import { seedConnection, waitFor, type PublishingApp } from '../publishing/helpers';

export const PLUGIN_ID = 'instagram-publisher';
export const ME = `/api/${PLUGIN_ID}/me`;

/** The end users' posting routes, as Users & Permissions actions. */
export const POSTING_ACTIONS = ['my-files.create', 'my-files.find', 'my-publications.create', 'my-publications.find', 'my-publications.findOne', 'my-publications.cancel', 'my-publications.retry'];

/** Grants the posting actions to the Authenticated role, as an app's administrator would in the admin. */
export const grantToAuthenticated = async (strapi: Core.Strapi, actions = POSTING_ACTIONS) => {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  for (const action of actions) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action: `plugin::${PLUGIN_ID}.${action}`, role: role.id } });
  }
};

export interface EndUser {
  id: string;
  jwt: string;
  auth: { Authorization: string };
}

let users = 0;
/** Signs a user up through Users & Permissions' own route, as an app's front end does. */
export const registerUser = async (app: PublishingApp, name = 'user'): Promise<EndUser> => {
  users += 1;
  const username = `${name}-${users}-${Date.now()}`;
  const response = await app.app.http().post('/api/auth/local/register').send({ username, email: `${username}@example.test`, password: 'Sign-up-password-1234' });
  if (response.status !== 200) throw new Error(`register answered ${response.status}: ${JSON.stringify(response.body)}`);
  return { id: String(response.body.user.id), jwt: response.body.jwt, auth: { Authorization: `Bearer ${response.body.jwt}` } };
};

/** The user's own connection to a sandbox account, as their OAuth flow would save it. */
export const connectUser = (strapi: Core.Strapi, sandbox: Sandbox, user: EndUser, account = 'sandbox_brand') =>
  seedConnection(strapi, sandbox, account, { ownerKind: 'user', userId: user.id, connectedByName: null }) as Promise<{ id: string }>;

export const jpegBytes = (width = 1080, height = 1080) => makeJpeg({ width, height });
export const pngBytes = (width = 1080, height = 1080) => makePng({ width, height });
export const mp4Bytes = (durationSec = 8) => makeMp4({ durationSec, width: 1080, height: 1920 });

/** POST /me/files with these files in the `files` field. */
export const uploadAs = (app: PublishingApp, user: EndUser, files: Array<{ body: Buffer; name: string; type: string }>) => {
  let call = app.app.http().post(`${ME}/files`).set(user.auth);
  for (const file of files) call = call.attach('files', file.body, { filename: file.name, contentType: file.type });
  return call;
};

/** One uploaded JPEG's id. */
export const uploadJpeg = async (app: PublishingApp, user: EndUser, name = 'photo.jpg', width = 1080, height = 1080) => {
  const response = await uploadAs(app, user, [{ body: await jpegBytes(width, height), name, type: 'image/jpeg' }]);
  if (response.status !== 201) throw new Error(`POST /me/files answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data[0].id as string;
};

export const postAs = (app: PublishingApp, user: EndUser, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  app.app.http().post(`${ME}/publications`).set(user.auth).set(headers).send(body);

const TERMINAL = ['published', 'failed', 'cancelled'];

/** The user's publication once it reached one of `statuses` (read through their own route). */
export const untilMine = (app: PublishingApp, user: EndUser, id: string, statuses = TERMINAL, timeoutMs = 20_000) =>
  waitFor(
    async () => {
      const response = await app.app.http().get(`${ME}/publications/${id}`).set(user.auth);
      if (response.status !== 200) throw new Error(`GET /me/publications/${id} answered ${response.status}`);
      const view = response.body.data;
      if (!statuses.includes(view.status)) return null;
      // A published run still reads the permalink and posts the first comment before it lets go of its lease.
      if (TERMINAL.includes(view.status)) {
        const row = await (app.strapi.plugin(PLUGIN_ID).service('store') as any).get().publications.findById(id);
        if (row?.leaseOwner) return null;
      }
      return view;
    },
    { timeoutMs, what: `publication ${id} to reach ${statuses.join('/')}` },
  );

/** How many files the Media Library holds: a refused upload must leave it unchanged. */
export const mediaLibraryCount = (strapi: Core.Strapi) => strapi.db.query('plugin::upload.file').count({});

/** Changes `endUsers` options of the running app (read on every request); returns a function restoring them. */
export const setEndUsers = (strapi: Core.Strapi, patch: Record<string, unknown>) => {
  const key = `plugin::${PLUGIN_ID}.endUsers`;
  const previous = strapi.config.get(key) as Record<string, unknown>;
  strapi.config.set(key, { ...previous, ...patch });
  return () => strapi.config.set(key, previous);
};

/** A field's path in a 400's `details.errors`. */
export const errorPaths = (body: any): string[] => (body?.error?.details?.errors ?? []).map((error: { path: string[] }) => error.path.join('.'));
