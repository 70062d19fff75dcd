import type { Sandbox } from '../../sandbox';
import { containerCalls, getPublication, listPublications, seedConnection, startFastSandbox, startPublishingApp, until, type PublishingApp } from '../publishing/helpers';
import { publicationFactory } from '../store/contract';
import { connectUser, grantToAuthenticated, ME, postAs, registerUser, untilMine, uploadJpeg, type EndUser } from './post-helpers';

describe("an end user's files and posts are theirs alone", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let ana: EndUser;
  let ben: EndUser;
  let anaConnection: string;
  let benConnection: string;
  let adminConnection: string;
  let anaFile: string;
  let anaPost: string;

  const http = () => app.app.http();
  const store = () => (app.strapi.plugin('instagram-publisher').service('store') as any).get();

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    await grantToAuthenticated(app.strapi);
    ana = await registerUser(app, 'ana');
    ben = await registerUser(app, 'ben');
    // The admin side connected the same Instagram account Ana did, with its own token
    adminConnection = (await seedConnection(app.strapi, sandbox, 'sandbox_brand')).id;
    anaConnection = (await connectUser(app.strapi, sandbox, ana, 'sandbox_brand')).id;
    benConnection = (await connectUser(app.strapi, sandbox, ben, 'sandbox_creator')).id;
    anaFile = await uploadJpeg(app, ana, 'ana.jpg');
    // Scheduled for later: it stays cancellable while Ben tries
    const post = await postAs(app, ana, { connectionId: anaConnection, fileIds: [anaFile], caption: 'Mine', scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(post.status).toBe(202);
    anaPost = post.body.data.id;
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it("answers 404 to another user's publication, whether read, cancelled or retried", async () => {
    for (const call of [http().get(`${ME}/publications/${anaPost}`), http().post(`${ME}/publications/${anaPost}/cancel`), http().post(`${ME}/publications/${anaPost}/retry`)]) {
      const response = await call.set(ben.auth);
      expect(response.status).toBe(404);
      expect(response.body.error.name).toBe('NotFoundError');
    }
    // An unknown id answers the same
    expect((await http().get(`${ME}/publications/987654`).set(ben.auth)).body.error).toMatchObject({ status: 404, message: 'publication 987654 not found' });
    // And Ana's post is untouched
    expect((await getPublication(app.strapi, anaPost)).status).toBe('queued');
  });

  it("answers 404 naming the file when a post names another user's file, and posts nothing", async () => {
    const response = await postAs(app, ben, { connectionId: benConnection, fileIds: [anaFile], caption: 'Not mine' });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe(`File ${anaFile} is not among your uploads (POST /me/files).`);
    // An unknown id reads the same (nobody learns which ids exist)
    expect((await postAs(app, ben, { connectionId: benConnection, fileIds: ['99999'] })).body.error.message).toBe('File 99999 is not among your uploads (POST /me/files).');
    expect(await listPublications(app.strapi, { ownerUserId: ben.id })).toHaveLength(0);
  });

  it("answers 404 to a post for another user's account or the admin side's, even for the same Instagram account", async () => {
    const benFile = await uploadJpeg(app, ben, 'ben.jpg');
    expect((await postAs(app, ben, { connectionId: anaConnection, fileIds: [benFile] })).status).toBe(404);
    const toAdmin = await postAs(app, ana, { connectionId: adminConnection, fileIds: [anaFile] });
    expect(toAdmin.status).toBe(404);
    expect(toAdmin.body.error.message).toBe(`You have no connected Instagram account with the id "${adminConnection}".`);
  });

  it('lists only the user’s own files and publications; the admin side lists none of them', async () => {
    const benFiles = await http().get(`${ME}/files?pageSize=100`).set(ben.auth);
    expect(benFiles.body.data.map((file: { id: string }) => file.id)).not.toContain(anaFile);
    expect(benFiles.body.data).toHaveLength(1);
    expect((await http().get(`${ME}/files`).set(ana.auth)).body.data.map((file: { id: string }) => file.id)).toEqual([anaFile]);
    expect((await http().get(`${ME}/publications`).set(ben.auth)).body).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    expect((await http().get(`${ME}/publications`).set(ana.auth)).body.data.map((view: { id: string }) => view.id)).toEqual([anaPost]);
    // The admin's publication list and its actions are for entries only
    const admin = await http().get('/instagram-publisher/publications').set(app.auth);
    expect(admin.body.data.map((view: { id: string }) => view.id)).not.toContain(anaPost);
    expect((await http().post(`/instagram-publisher/publications/${anaPost}/cancel`).set(app.auth)).status).toBe(404);
  });

  it("never lets the worker post an end user's publication through the admin side's account or another user's", async () => {
    // Given rows naming accounts their owner does not own, written past the routes (as a bug or a forged row would)
    const input = { fileIds: [anaFile], caption: 'Forged', kind: 'auto', altTexts: [], firstComment: null, userTags: [], locationId: null, collaborators: [], shareToFeed: true };
    const row = (connectionId: string | null, caption: string) =>
      publicationFactory({ uid: 'plugin::instagram-publisher.user-post', locale: null, documentId: `user:${ana.id}`, connectionId, ownerUserId: ana.id, input: { ...input, caption }, trigger: 'manual', runAt: new Date() });
    sandbox.clearCalls();
    const viaAdmin = await store().publications.create(row(adminConnection, 'Via the admin account'));
    const viaBen = await store().publications.create(row(benConnection, 'Via Ben'));
    const viaNone = await store().publications.create(row(null, 'Via the only admin account'));
    // Then each fails on its account, and nothing reaches Instagram
    for (const publication of [viaAdmin, viaBen, viaNone]) {
      const failed = await until(app.strapi, publication.id, ['failed', 'published', 'cancelled']);
      expect(failed.status).toBe('failed');
      expect(failed.error.class).toBe('connection');
    }
    expect(containerCalls(sandbox)).toHaveLength(0);
    // And a row naming Ben's file under Ana's name fails on the file, not posting it
    const benFile = (await http().get(`${ME}/files`).set(ben.auth)).body.data[0].id;
    const stolen = await store().publications.create(publicationFactory({ ...row(anaConnection, 'Stolen'), input: { ...input, fileIds: [benFile], caption: 'Stolen' } }));
    const refused = await until(app.strapi, stolen.id, ['failed', 'published', 'cancelled']);
    expect(refused).toMatchObject({ status: 'failed', error: { class: 'invalid' } });
    expect(refused.error.message).toMatch(new RegExp(`File ${benFile} is no longer available`));
    expect(containerCalls(sandbox)).toHaveLength(0);
    // While her own post of her own file goes out
    const own = await postAs(app, ana, { connectionId: anaConnection, fileIds: [anaFile], caption: 'Really mine' });
    expect((await untilMine(app, ana, own.body.data.id)).status).toBe('published');
  });

  it('refuses API tokens, anonymous callers and users whose role was not granted the actions', async () => {
    const token = await app.strapi.service('admin::api-token').create({ name: `full-${Date.now()}`, type: 'full-access', lifespan: null });
    const routes = [
      () => http().get(`${ME}/files`),
      () => http().post(`${ME}/files`).attach('files', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), { filename: 'a.jpg', contentType: 'image/jpeg' }),
      () => http().get(`${ME}/publications`),
      () => http().post(`${ME}/publications`).send({ connectionId: anaConnection, fileIds: [anaFile] }),
      () => http().get(`${ME}/publications/${anaPost}`),
      () => http().post(`${ME}/publications/${anaPost}/cancel`),
      () => http().post(`${ME}/publications/${anaPost}/retry`),
    ];
    for (const route of routes) {
      const withToken = await route().set('Authorization', `Bearer ${token.accessKey}`);
      expect(withToken.status).toBe(403);
      expect(withToken.body.error.message).toMatch(/not an API token/);
      // Without a JWT: 401, saying what to send
      expect((await route()).status).toBe(401);
    }
    // A user of a role without the actions
    const role = await app.strapi.db.query('plugin::users-permissions.role').create({ data: { name: 'Readers', description: 'No posting', type: 'readers' } });
    const reader = await registerUser(app, 'reader');
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: Number(reader.id) }, data: { role: role.id } });
    expect((await http().get(`${ME}/publications`).set(reader.auth)).status).toBe(403);
    // Each route is its own action: a role granted only the list may list, and nothing more
    const listOnly = await app.strapi.db.query('plugin::users-permissions.role').create({ data: { name: 'Listers', description: 'List only', type: 'listers' } });
    await app.strapi.db.query('plugin::users-permissions.permission').create({ data: { action: 'plugin::instagram-publisher.my-publications.find', role: listOnly.id } });
    await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: Number(reader.id) }, data: { role: listOnly.id } });
    expect((await http().get(`${ME}/publications`).set(reader.auth)).status).toBe(200);
    expect((await http().get(`${ME}/files`).set(reader.auth)).status).toBe(403);
    expect((await http().post(`${ME}/publications`).set(reader.auth).send({ connectionId: anaConnection, fileIds: [anaFile] })).status).toBe(403);
    expect((await http().post(`${ME}/publications/${anaPost}/cancel`).set(reader.auth)).status).toBe(403);
    // And Ana's post is still hers, queued
    expect((await getPublication(app.strapi, anaPost)).status).toBe('queued');
  });
});
