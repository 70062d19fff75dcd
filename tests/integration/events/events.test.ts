import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedRequest, type Sandbox } from '../../sandbox';
import { PLUGIN_EVENTS, type PluginEventName } from '../../../server/src/contracts/events';
import { EVENTS } from '../../../server/src/events/names';
import { createAdminSession } from '../harness/admin';
import { connectUser, grantToAuthenticated, registerUser, uploadJpeg } from '../end-users/post-helpers';
import {
  ARTICLE,
  PLUGIN,
  baseMapping,
  createArticle,
  getConnection,
  jpeg,
  publishArticle,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  until,
  waitFor,
  type PublishingApp,
} from '../publishing/helpers';

const DAY = 86_400_000;

interface Emitted {
  name: PluginEventName;
  payload: any;
}

/** A local HTTP server standing in for a site's webhook receiver. */
const startReceiver = async () => {
  const deliveries: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries, close: () => new Promise((resolve) => server.close(resolve)) };
};

describe('events for site developers', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;
  let coverId: number;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let send: jest.Mock;
  const emitted: Emitted[] = [];
  const tokens = new Set<string>();

  const api = () => app.strapi.plugin('instagram-publisher').service('api');
  const ofName = (name: PluginEventName) => emitted.filter((event) => event.name === name);
  const mailsTo = () => send.mock.calls.map(([options]) => options.to as string);

  /** No token the sandbox issued (nor any stored on a connection) appears in `value`. */
  const expectNoToken = (value: unknown) => {
    const text = JSON.stringify(value);
    expect(tokens.size).toBeGreaterThan(0);
    for (const token of tokens) expect(text).not.toContain(token);
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    sandbox.onCall((call) => {
      if (call.token) tokens.add(call.token);
    });
    app = await startPublishingApp(sandbox);
    for (const name of PLUGIN_EVENTS) app.strapi.eventHub.on(name, async (payload: unknown) => void emitted.push({ name, payload }));
    const connection = await seedConnection(app.strapi, sandbox);
    connectionId = connection.id;
    tokens.add(connection.accessToken);
    coverId = (await jpeg(app.strapi, 1080, 1080)).id;
    receiver = await startReceiver();
    // Mail goes through Strapi's email plugin: its send is replaced, as a provider would receive it.
    send = jest.fn(async () => undefined);
    (app.strapi.plugin('email').service('email') as any).send = send;
    app.strapi.config.set(`${PLUGIN}.notifications`, { email: { enabled: true, allowSendmail: true } });
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
    await receiver?.close();
  });

  it("registers each event with Strapi's webhook store", () => {
    const store = app.strapi.get('webhookStore') as any;
    for (const name of PLUGIN_EVENTS) expect(Object.values(Object.fromEntries(store.allowedEvents))).toContain(name);
    expect(store.getAllowedEvent('INSTAGRAM_PUBLISHER_PUBLICATION_PUBLISHED')).toBe(EVENTS.publicationPublished);
  });

  it("accepts webhooks subscribing to them through the admin's webhooks API, and refuses unknown events", async () => {
    const create = (events: string[]) => app.app.http().post('/admin/webhooks').set(app.auth).send({ name: `ig-${Date.now()}`, url: receiver.url, headers: {}, events });
    const created = await create([EVENTS.connectionNeedsReconnect, EVENTS.publicationFailed]);
    expect(created.status).toBe(201);
    expect(created.body.data.events).toEqual([EVENTS.connectionNeedsReconnect, EVENTS.publicationFailed]);
    expect((await create(['instagram-publisher.unknown'])).status).toBe(400);
    await app.app.http().delete(`/admin/webhooks/${created.body.data.id}`).set(app.auth);
  });

  it('emits publication.published once with the documented payload, and a Strapi webhook delivers it', async () => {
    // Given a Strapi webhook subscribed to the event, made as the admin's webhook page makes one
    const webhook = await (app.strapi.get('webhookStore') as any).createWebhook({ name: 'site', url: receiver.url, headers: { 'x-site': 'yes' }, events: [EVENTS.publicationPublished] });
    (app.strapi.get('webhookRunner') as any).add(webhook);
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });

    // When an article is published and its post goes out
    const article = await createArticle(app.strapi, { title: 'Events', cover: coverId });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    expect(publication.status).toBe('published');
    await waitFor(async () => ofName(EVENTS.publicationPublished).length > 0, { what: 'the published event' });

    // Then the event was emitted once, with the documented payload
    const events = ofName(EVENTS.publicationPublished).filter((event) => event.payload.publication.id === publication.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      publication: {
        id: publication.id,
        ownerUserId: null,
        uid: ARTICLE,
        documentId: article.documentId,
        locale: publication.locale,
        connectionId,
        kind: 'image',
        mediaId: publication.mediaId,
        permalink: publication.permalink,
        publishedAt: publication.publishedAt.toISOString(),
      },
      account: { id: sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId, username: 'sandbox_brand' },
    });
    expect(publication.permalink).toMatch(/^https?:\/\//);
    expectNoToken(events[0].payload);

    // And Strapi's webhook runner delivered it to the site
    const delivery = await waitFor(async () => receiver.deliveries.find((entry) => entry.body.publication?.id === publication.id), { what: 'the webhook delivery' });
    expect(delivery.headers['x-strapi-event']).toBe(EVENTS.publicationPublished);
    expect(delivery.headers['x-site']).toBe('yes');
    expect(delivery.body).toMatchObject({ event: EVENTS.publicationPublished, publication: events[0].payload.publication, account: events[0].payload.account });
    expectNoToken(delivery.body);
    // A post that went out sends no mail
    expect(send).not.toHaveBeenCalled();
  });

  it('emits publication.failed for a failing post and mails the admins who manage connections, once', async () => {
    // Given admins: one whose role may manage connections, one inactive with that role, an editor without it
    const role = await app.strapi.service('admin::role').create({ name: `Connection managers ${Date.now()}`, description: 'manage Instagram' });
    await app.strapi.db.query('admin::permission').create({ data: { action: `${PLUGIN}.connections.manage`, role: role.id, properties: {}, conditions: [] } });
    const manager = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [role.id] });
    const inactive = await createAdminSession(app.strapi, { roleCodes: [], roleIds: [role.id] });
    await app.strapi.db.query('admin::user').update({ where: { id: inactive.user.id }, data: { isActive: false } });
    const editor = await createAdminSession(app.strapi, { roleCodes: ['strapi-editor'] });
    send.mockClear();

    // When an article without media is published (it fails before any Graph call)
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId }) });
    const article = await createArticle(app.strapi, { title: 'No picture', cover: null });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    expect(publication.status).toBe('failed');

    // Then publication.failed was emitted once, naming the error
    const failed = await waitFor(async () => {
      const found = ofName(EVENTS.publicationFailed).filter((event) => event.payload.publication.id === publication.id);
      return found.length ? found : null;
    });
    expect(failed).toHaveLength(1);
    expect(failed[0].payload).toEqual({
      publication: expect.objectContaining({ id: publication.id, documentId: article.documentId, publishedAt: null, mediaId: null }),
      error: { code: publication.error.code, subcode: publication.error.subcode, message: publication.error.message },
    });
    expectNoToken(failed[0].payload);

    // And the manager got one mail about it; the inactive admin and the editor none
    await waitFor(async () => mailsTo().includes(manager.user.email), { what: 'the mail to the manager' });
    expect(mailsTo().filter((to) => to === manager.user.email)).toHaveLength(1);
    const recipients: string[] = await app.strapi.plugin('instagram-publisher').service('emailNotices').recipients();
    expect(recipients).toContain(manager.user.email);
    expect(recipients).not.toContain(inactive.user.email);
    expect(recipients).not.toContain(editor.user.email);
    await waitFor(async () => send.mock.calls.length >= recipients.length, { what: 'every admin mail' });
    expect(mailsTo().sort()).toEqual([...recipients].sort());
    const mail = send.mock.calls.find(([options]) => options.to === manager.user.email)![0];
    expect(mail.subject).toMatch(/Instagram post failed/);
    expect(mail.text).toContain(publication.error.message);
    expectNoToken(send.mock.calls);

    // And the same publication is never mailed twice
    const notices = app.strapi.plugin('instagram-publisher').service('emailNotices');
    expect(await notices.publicationFailed(failed[0].payload)).toBe(0);
  });

  it('emits connection.needs-reconnect once over two refresh runs, and mails once a day per connection', async () => {
    // Given an admin-side account whose old token Meta has revoked
    sandbox.accounts.addInstagramAccount({ username: 'events_revoked' });
    const now = Date.now();
    const revoked = await seedConnection(app.strapi, sandbox, 'events_revoked', { tokenIssuedAt: new Date(now - 40 * DAY), tokenExpiresAt: new Date(now + 5 * DAY) });
    tokens.add(revoked.accessToken);
    sandbox.accounts.invalidateToken(revoked.accessToken, 460);
    send.mockClear();

    // When the refresh job runs twice
    const refresh = app.strapi.plugin('instagram-publisher').service('tokenRefresh');
    await refresh.run();
    await refresh.run();

    // Then the connection was marked, and announced once
    expect((await getConnection(app.strapi, revoked.id)).status).toBe('reconnect_needed');
    const events = ofName(EVENTS.connectionNeedsReconnect).filter((event) => event.payload.connection.id === revoked.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      connection: {
        id: revoked.id,
        ownerKind: 'admin',
        userId: '1',
        username: 'events_revoked',
        loginKind: 'instagram',
        health: 'reconnect_needed',
        healthReason: expect.stringMatching(/Connect the account again/),
      },
    });
    expectNoToken(events[0].payload);

    // And one mail per recipient went out, which a second notice within a day does not repeat
    const notices = app.strapi.plugin('instagram-publisher').service('emailNotices');
    const recipients: string[] = await notices.recipients();
    expect(recipients.length).toBeGreaterThan(0);
    await waitFor(async () => send.mock.calls.length >= recipients.length, { what: 'the reconnect mails' });
    const first = send.mock.calls.length;
    expect(first).toBe(recipients.length);
    expect(send.mock.calls[0][0].subject).toMatch(/@events_revoked needs to be connected again/);
    expect(mailsTo().sort()).toEqual([...recipients].sort());
    expect(await notices.connectionNeedsReconnect(events[0].payload)).toBe(0);
    expect(send.mock.calls.length).toBe(first);
    expectNoToken(send.mock.calls);
  });

  it('announces an account a post finds revoked once, however many posts then fail on it', async () => {
    // Given an admin-side account whose token Meta revoked after it was connected
    sandbox.accounts.addInstagramAccount({ username: 'events_worker' });
    const marked = await seedConnection(app.strapi, sandbox, 'events_worker');
    tokens.add(marked.accessToken);
    sandbox.accounts.invalidateToken(marked.accessToken, 460);
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId: marked.id }) });

    // When two articles are published to it, one after the other
    for (const title of ['First', 'Second']) {
      const article = await createArticle(app.strapi, { title, cover: coverId });
      await publishArticle(app.strapi, article.documentId);
      const [publication] = await settled(app.strapi, article.documentId);
      expect(publication.status).toBe('failed');
      await waitFor(async () => ofName(EVENTS.publicationFailed).some((event) => event.payload.publication.id === publication.id), { what: 'the failed event' });
    }

    // Then the worker marked the connection and announced it once
    expect((await getConnection(app.strapi, marked.id)).status).toBe('reconnect_needed');
    const events = ofName(EVENTS.connectionNeedsReconnect).filter((event) => event.payload.connection.id === marked.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload.connection).toMatchObject({ health: 'reconnect_needed', username: 'events_worker', ownerKind: 'admin' });
    expectNoToken(events[0].payload);
  });

  it("announces an account removed on Meta's side (deauthorize callback) once", async () => {
    sandbox.accounts.addInstagramAccount({ username: 'events_removed' });
    const removed = await seedConnection(app.strapi, sandbox, 'events_removed');
    tokens.add(removed.accessToken);
    const deauthorize = () =>
      app.app
        .http()
        .post('/api/instagram-publisher/meta/deauthorize')
        .type('form')
        .send({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', issued_at: Math.floor(Date.now() / 1000), user_id: removed.appScopedUserId }, 'sandbox-ig-secret') });
    expect((await deauthorize()).status).toBe(200);
    expect((await deauthorize()).status).toBe(200);
    const events = ofName(EVENTS.connectionNeedsReconnect).filter((event) => event.payload.connection.id === removed.id);
    expect(events).toHaveLength(1);
    expect(events[0].payload.connection).toMatchObject({ health: 'reconnect_needed', healthReason: expect.stringMatching(/removed on Meta's side/) });
    expectNoToken(events[0].payload);
  });

  it('sends no mail unless enabled, nor through sendmail unless allowed', async () => {
    const notices = app.strapi.plugin('instagram-publisher').service('emailNotices');
    const payload = { publication: { id: 'never-mailed', ownerUserId: null, uid: ARTICLE, documentId: 'x', locale: null, connectionId, kind: null, mediaId: null, permalink: null, publishedAt: null }, error: { code: null, subcode: null, message: 'Failed' } };
    send.mockClear();
    try {
      app.strapi.config.set(`${PLUGIN}.notifications`, { email: { enabled: false } });
      expect(await notices.publicationFailed(payload)).toBe(0);
      // Strapi's default provider is sendmail: enabled alone is not enough
      app.strapi.config.set(`${PLUGIN}.notifications`, { email: { enabled: true } });
      expect(notices.canSend()).toBe(false);
      expect(await notices.publicationFailed(payload)).toBe(0);
      // The configured `to` replaces the admins
      app.strapi.config.set(`${PLUGIN}.notifications`, { email: { enabled: true, allowSendmail: true, to: ['ops@example.test'], from: 'Instagram <noreply@example.test>' } });
      expect(await notices.publicationFailed(payload)).toBe(1);
      expect(send).toHaveBeenCalledTimes(1);
      expect(send.mock.calls[0][0]).toMatchObject({ to: 'ops@example.test', from: 'Instagram <noreply@example.test>' });
      // End users' posts are theirs: no admin mail
      expect(await notices.publicationFailed({ ...payload, publication: { ...payload.publication, id: 'user-post', ownerUserId: '5' } })).toBe(0);
    } finally {
      app.strapi.config.set(`${PLUGIN}.notifications`, { email: { enabled: true, allowSendmail: true } });
    }
  });

  it('posts an entry through the service API, and reads it back', async () => {
    // Given a mapped type that does not post on publish, and a published article
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, autoPublish: false }) });
    const article = await createArticle(app.strapi, { title: 'From code', cover: coverId });
    await publishArticle(app.strapi, article.documentId);

    // When custom code posts it
    const queued = await api().postEntry({ uid: ARTICLE, documentId: article.documentId, caption: 'Posted from code' });
    expect(queued).toMatchObject({ uid: ARTICLE, documentId: article.documentId, status: 'queued' });

    // Then it goes out, and the API reads and lists it
    await until(app.strapi, queued.id, ['published']);
    const read = await api().getPublication(queued.id);
    expect(read).toMatchObject({ id: queued.id, status: 'published', caption: 'Posted from code' });
    const listed = await api().listPublications({ documentId: article.documentId, status: ['published'] });
    expect(listed.results.map((row: { id: string }) => row.id)).toEqual([queued.id]);
    expect(listed.pagination).toMatchObject({ page: 1, total: 1 });
    expectNoToken([queued, read, listed]);

    // And bad input is refused naming the field
    await expect(api().postEntry({ uid: 'article', documentId: article.documentId })).rejects.toMatchObject({ name: 'ValidationError', details: { errors: [expect.objectContaining({ path: ['uid'] })] } });
    expect(await api().getPublication('999999')).toBeNull();
  });

  it("posts an app user's uploaded files through the service API, to their own account only", async () => {
    // Given an app user with a connected account and an uploaded picture
    await grantToAuthenticated(app.strapi);
    const user = await registerUser(app, 'events');
    const other = await registerUser(app, 'other');
    const userConnection = await connectUser(app.strapi, sandbox, user, 'sandbox_brand');
    const fileId = await uploadJpeg(app, user);

    // When custom code posts it for them
    const queued = await api().postFiles({ connectionId: userConnection.id, fileIds: [fileId], caption: 'From the app' });
    expect(queued).toMatchObject({ connectionId: userConnection.id, status: 'queued' });

    // Then it goes out, and its event names the user
    await until(app.strapi, queued.id, ['published']);
    const event = await waitFor(async () => ofName(EVENTS.publicationPublished).find((entry) => entry.payload.publication.id === queued.id));
    expect(event.payload.publication).toMatchObject({ ownerUserId: user.id, connectionId: userConnection.id });
    expect((await api().listPublications({ ownerUserId: user.id })).results.map((row: { id: string }) => row.id)).toContain(queued.id);

    // And another user's id, or an admin-side account, is refused
    await expect(api().postFiles({ userId: other.id, connectionId: userConnection.id, fileIds: [fileId] })).rejects.toMatchObject({ name: 'NotFoundError' });
    await expect(api().postFiles({ connectionId, fileIds: [fileId] })).rejects.toMatchObject({ name: 'ValidationError', details: { errors: [expect.objectContaining({ path: ['connectionId'] })] } });
  });
});
