import type { PublicationWrite, Store } from '../../../server/src/store/types';
import { publicationFactory } from '../store/contract';
import { signedRequest } from '../../sandbox';
import { makeJpeg } from '../../sandbox/fixtures';
import { runFlow } from '../harness/oauth';
import type { SandboxedApp } from '../harness/sandbox-app';
import { PLUGIN_ID, type FuzzRoute } from './routes';
import { stableStringify } from './stored-data';
import { ARTICLE, baseMapping, createArticle, jpeg, publishArticle } from '../publishing/helpers';

/** Real data the fuzzer aims at, so requests get past "not found" into the code behind it. */
export interface Fixtures {
  connectionId: string;
  pendingId: string | null;
  pageIds: string[];
  draftDocumentId: string;
  publishedDocumentId: string;
  publicationIds: { queued: string; failed: string; published: string };
  mapping: Record<string, unknown>;
  deletionCode: string;
  /** A full-access API token: the content-API routes' "super admin". */
  apiToken: string;
  /** A Users & Permissions user allowed every plugin content-API action (routes such as `/me/...`). */
  userJwt: string;
  userId: string;
  /** That user's own connection, uploaded file and scheduled post, so `/me/...` requests reach them. */
  userConnectionId: string;
  userFileId: string;
  userPublicationId: string;
  /** Meta user ids the sandbox's accounts use, for signed requests that find something. */
  metaUserIds: string[];
}

export const IG_SECRET = 'sandbox-ig-secret';
export const FB_SECRET = 'sandbox-fb-secret';

export const pluginStore = (env: SandboxedApp) => env.app.strapi.plugin('instagram-publisher').service('store').get() as Store;

const expectStatus = (what: string, response: { status: number; body?: unknown }, status: number) => {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
};

const connectInstagram = async (env: SandboxedApp) => {
  const { location } = await runFlow(env.app, env.admin.auth, { flow: 'instagram', account: 'sandbox_brand' });
  const id = location.searchParams.get('connected');
  if (!id) throw new Error(`Instagram flow ended on ${location}`);
  return id;
};

/** A Facebook Login whose several Pages wait for the admin's choice. */
const pendingChoice = async (env: SandboxedApp) => {
  const { location } = await runFlow(env.app, env.admin.auth, { flow: 'facebook' });
  const pendingId = location.searchParams.get('pending');
  if (!pendingId) throw new Error(`Facebook flow ended on ${location}`);
  const pending = await env.app.http().get(`/instagram-publisher/oauth/pending/${pendingId}`).set(env.admin.auth);
  expectStatus('GET /oauth/pending', pending, 200);
  return { pendingId, pageIds: pending.body.data.pages.map((page: { pageId: string }) => page.pageId) as string[] };
};

/** A confirmed end user whose role may call every non-public content-API route of the plugin. */
const endUserJwt = async (env: SandboxedApp, routes: FuzzRoute[]) => {
  const { strapi } = env.app;
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  for (const route of routes.filter((candidate) => candidate.type === 'content-api' && !candidate.public)) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action: `plugin::${PLUGIN_ID}.${route.handler}`, role: role.id } });
  }
  const user = await strapi.plugin('users-permissions').service('user').add({
    username: `fuzz-${Date.now()}`,
    email: `fuzz-${Date.now()}@example.test`,
    password: 'Fuzz-password-1234',
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: role.id,
  });
  return { userId: String(user.id), jwt: String(await strapi.plugin('users-permissions').service('jwt').issue({ id: user.id })) };
};

/**
 * What an end user has after using the app: their own connection of the brand account (its own
 * row, as when they connect it themselves), a file they uploaded and a post scheduled next week.
 */
/** The end user's own row for the account the admin side connected (with its token, as a real connect gives). */
const connectEndUser = async (env: SandboxedApp, userId: string, adminConnectionId: string) => {
  const store = pluginStore(env);
  const { id: _id, createdAt: _created, updatedAt: _updated, ...admin } = (await store.connections.findById(adminConnectionId))!;
  return store.connections.upsertByInstagramUserId({ ...admin, ownerKind: 'user', userId, connectedByName: null });
};

const endUserData = async (env: SandboxedApp, user: { userId: string; jwt: string }, adminConnectionId: string) => {
  const connection = await connectEndUser(env, user.userId, adminConnectionId);
  const upload = await env.app
    .http()
    .post(`/api/${PLUGIN_ID}/me/files`)
    .set('Authorization', `Bearer ${user.jwt}`)
    .attach('files', await makeJpeg({ width: 1080, height: 1080 }), { filename: 'fuzz.jpg', contentType: 'image/jpeg' });
  expectStatus('POST /me/files', upload, 201);
  const fileId = String(upload.body.data[0].id);
  const post = await env.app
    .http()
    .post(`/api/${PLUGIN_ID}/me/publications`)
    .set('Authorization', `Bearer ${user.jwt}`)
    .send({ connectionId: connection.id, fileIds: [fileId], caption: 'Fuzz', scheduledAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
  expectStatus('POST /me/publications', post, 202);
  return { userConnectionId: connection.id, userFileId: fileId, userPublicationId: String(post.body.data.id) };
};

/** Saves the article's mapping and returns it as stored, with every default filled in. */
const saveMapping = async (env: SandboxedApp, mapping: Record<string, unknown>): Promise<Record<string, unknown>> => {
  const response = await env.app.http().put('/instagram-publisher/settings').set(env.admin.auth).send({ mappings: { [ARTICLE]: mapping } });
  expectStatus('PUT /settings', response, 200);
  return response.body.data.mappings[ARTICLE];
};

const publication = async (store: Store, documentId: string, connectionId: string, patch: Partial<PublicationWrite>) =>
  (await store.publications.create(publicationFactory({ documentId, connectionId, caption: 'Fuzz', requestedBy: null, runAt: new Date(), ...patch }))).id;

/**
 * Seeds what a working installation has: an account connected through the OAuth flow, a Page
 * choice pending, a mapping, a draft and a published article with a cover, publications in
 * three states, a data-deletion record and an API token.
 */
export const seedFixtures = async (env: SandboxedApp, routes: FuzzRoute[]): Promise<Fixtures> => {
  const { strapi } = env.app;
  const store = pluginStore(env);
  const connectionId = await connectInstagram(env);
  const { pendingId, pageIds } = await pendingChoice(env);

  const mapping = await saveMapping(
    env,
    baseMapping({ autoPublish: false, connectionId, mediaFields: ['cover'], captionTemplate: '{{title}}\n\n{{excerpt}}\n#news', firstCommentTemplate: 'More: {{slug}}' }),
  );

  const cover = await jpeg(strapi, 1080, 1080, 'A loaf');
  const draft = await createArticle(strapi, { title: 'Draft loaf', excerpt: 'Not yet', cover: cover.id });
  const published = await createArticle(strapi, { title: 'Fresh loaf', excerpt: 'Out of the oven', cover: cover.id });
  await publishArticle(strapi, published.documentId);

  const publicationIds = {
    queued: await publication(store, published.documentId, connectionId, { runAt: new Date(Date.now() + 86_400_000) }),
    failed: await publication(store, published.documentId, connectionId, {
      status: 'failed',
      error: { code: 1, subcode: null, class: 'transient', message: 'Fuzz failure' },
    }),
    published: await publication(store, published.documentId, connectionId, {
      status: 'published',
      mediaId: '17900000000000001',
      permalink: 'https://www.instagram.com/p/fuzz/',
      publishedAt: new Date(),
    }),
  };

  // A data-deletion request for a Meta user with no data: a confirmation code the status route knows.
  const deletion = await env.app
    .http()
    .post('/api/instagram-publisher/meta/data-deletion')
    .type('form')
    .send({ signed_request: signedRequest({ user_id: '1999999999' }, IG_SECRET) });
  expectStatus('POST /meta/data-deletion', deletion, 200);

  const token = await strapi.service('admin::api-token').create({ name: `fuzz-${Date.now()}`, type: 'full-access', lifespan: null });
  const connection = await store.connections.findById(connectionId);
  const user = await endUserJwt(env, routes);
  return {
    connectionId,
    pendingId,
    pageIds,
    draftDocumentId: draft.documentId,
    publishedDocumentId: published.documentId,
    publicationIds,
    mapping,
    deletionCode: deletion.body.confirmation_code,
    apiToken: token.accessKey,
    userJwt: user.jwt,
    userId: user.userId,
    ...(await endUserData(env, user, connectionId)),
    metaUserIds: [connection?.appScopedUserId, connection?.instagramUserId].filter((id): id is string => Boolean(id)),
  };
};

/**
 * Puts back what an accepted request took away (a disconnect, a used Page choice, a replaced
 * mapping), so every request of a long run still reaches the deeper code. Ids may change.
 */
export const restoreFixtures = async (env: SandboxedApp, fixtures: Fixtures) => {
  const store = pluginStore(env);
  const connection = await store.connections.findById(fixtures.connectionId);
  if (!connection || !connection.isActive || connection.status !== 'active') fixtures.connectionId = await connectInstagram(env);
  if (!fixtures.pendingId || !(await store.oauth.find(fixtures.pendingId, 'pending'))) Object.assign(fixtures, await pendingChoice(env));
  if (!(await store.connections.findById(fixtures.userConnectionId))) {
    fixtures.userConnectionId = (await connectEndUser(env, fixtures.userId, fixtures.connectionId)).id;
  }
  fixtures.mapping = { ...fixtures.mapping, connectionId: fixtures.connectionId };
  const saved = await store.settings.get<Record<string, unknown>>('mappings');
  if (stableStringify(saved) !== stableStringify({ [ARTICLE]: fixtures.mapping })) fixtures.mapping = await saveMapping(env, fixtures.mapping);
  for (const [status, id] of Object.entries(fixtures.publicationIds) as Array<[keyof Fixtures['publicationIds'], string]>) {
    const row = await store.publications.findById(id);
    if (row?.status === status) continue;
    fixtures.publicationIds[status] = await publication(store, fixtures.publishedDocumentId, fixtures.connectionId, {
      status,
      ...(status === 'queued' ? { runAt: new Date(Date.now() + 86_400_000) } : {}),
      ...(status === 'failed' ? { error: { code: 1, subcode: null, class: 'transient', message: 'Fuzz failure' } } : {}),
      ...(status === 'published' ? { mediaId: '17900000000000001', permalink: 'https://www.instagram.com/p/fuzz/', publishedAt: new Date() } : {}),
    });
  }
};
