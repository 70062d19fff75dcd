import type { Sandbox } from '../../sandbox';
import { listPublications, startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import {
  connectUser,
  errorPaths,
  grantToAuthenticated,
  jpegBytes,
  ME,
  mediaLibraryCount,
  postAs,
  registerUser,
  setEndUsers,
  uploadAs,
  uploadJpeg,
  type EndUser,
} from './post-helpers';

describe('what an end user may send: validation, sizes, daily posts, malformed bodies', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let ana: EndUser;
  let connectionId: string;
  let fileId: string;

  const http = () => app.app.http();
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    await grantToAuthenticated(app.strapi);
    ana = await registerUser(app, 'ana');
    connectionId = (await connectUser(app.strapi, sandbox, ana)).id;
    fileId = await uploadJpeg(app, ana);
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('refuses bad input with 400 naming the field, and queues nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ fileIds: [fileId] }, 'connectionId'],
      [{ connectionId, fileIds: ['abc'] }, 'fileIds.0'],
      [{ connectionId, fileIds: [fileId, fileId] }, 'fileIds'],
      [{ connectionId, fileIds: Array.from({ length: 11 }, (_, i) => String(i + 1)) }, 'fileIds'],
      [{ connectionId }, 'fileIds'],
      [{ connectionId, fileIds: [fileId], caption: '#a #b #c #d #e #f' }, 'caption'],
      [{ connectionId, fileIds: [fileId], caption: 'x'.repeat(10_001) }, 'caption'],
      [{ connectionId, fileIds: [fileId], caption: 'nul \u0000' }, 'caption'],
      [{ connectionId, fileIds: [fileId], kind: 'album' }, 'kind'],
      [{ connectionId, fileIds: [fileId], kind: 'carousel' }, 'fileIds'],
      [{ connectionId, fileIds: [fileId], altTexts: ['one', 'two'] }, 'altTexts'],
      [{ connectionId, fileIds: [fileId], altTexts: ['x'.repeat(1001)] }, 'altTexts.0'],
      [{ connectionId, fileIds: [fileId], firstComment: 'x'.repeat(2201) }, 'firstComment'],
      [{ connectionId, fileIds: [fileId], userTags: [{ username: 'ok', x: 1.5 }] }, 'userTags.0.x'],
      [{ connectionId, fileIds: [fileId], userTags: [{ username: 'not a name' }] }, 'userTags.0.username'],
      [{ connectionId, fileIds: [fileId], locationId: 'Paris' }, 'locationId'],
      [{ connectionId, fileIds: [fileId], collaborators: ['a', 'b', 'c', 'd'] }, 'collaborators'],
      [{ connectionId, fileIds: [fileId], shareToFeed: 'yes' }, 'shareToFeed'],
      [{ connectionId, fileIds: [fileId], scheduledAt: '2030-01-01T10:00:00' }, 'scheduledAt'],
      [{ connectionId, fileIds: [fileId], scheduledAt: new Date(Date.now() - 60_000).toISOString() }, 'scheduledAt'],
      [{ connectionId, fileIds: [fileId], imageUrl: 'https://example.com/a.jpg' }, ''],
    ];
    for (const [body, field] of cases) {
      const response = await postAs(app, ana, body);
      expect({ body, status: response.status, name: response.body.error?.name }).toEqual({ body, status: 400, name: 'ValidationError' });
      expect({ body, paths: errorPaths(response.body) }).toEqual({ body, paths: expect.arrayContaining([field]) });
    }
    // A past time says which field and why
    const past = await postAs(app, ana, { connectionId, fileIds: [fileId], scheduledAt: '2020-01-01T10:00:00+01:00' });
    expect(past.body.error.message).toMatch(/has already passed/);
    // A connection that needs attention is a 400 on connectionId, saying what to do
    const { id: stale } = await connectUser(app.strapi, sandbox, ana, 'sandbox_creator').then(async ({ id }) => {
      await (app.strapi.plugin('instagram-publisher').service('store') as any).get().connections.update(id, { status: 'reconnect_needed' });
      return { id };
    });
    const unusable = await postAs(app, ana, { connectionId: stale, fileIds: [fileId] });
    expect(unusable.status).toBe(400);
    expect(errorPaths(unusable.body)).toEqual(['connectionId']);
    expect(unusable.body.error.message).toMatch(/needs to be reconnected.*then post again\.$/);
    expect(await listPublications(app.strapi, { ownerUserId: ana.id })).toHaveLength(0);
  });

  it('refuses a file above endUsers.maxUploadBytes with 413 naming it, storing nothing', async () => {
    const restore = setEndUsers(app.strapi, { maxUploadBytes: 4096 });
    try {
      const before = await mediaLibraryCount(app.strapi);
      const small = Buffer.concat([await jpegBytes(16, 16)]);
      expect(small.length).toBeLessThan(4096);
      // One small file and one too big, in one request
      const response = await uploadAs(app, ana, [
        { body: small, name: 'tiny.jpg', type: 'image/jpeg' },
        { body: await jpegBytes(1080, 1080), name: 'huge.jpg', type: 'image/jpeg' },
      ]);
      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ name: 'PayloadTooLargeError', details: { file: 'huge.jpg', maxBytes: 4096 } });
      expect(response.body.error.message).toMatch(/"huge\.jpg"/);
      // A body past the limit of all files together is cut off while it arrives, also naming the file
      const flood = await uploadAs(app, ana, [{ body: Buffer.alloc(64 * 1024, 0xff), name: 'flood.jpg', type: 'image/jpeg' }]);
      expect(flood.status).toBe(413);
      expect(flood.body.error.details.file).toBe('flood.jpg');
      // The same through a post with its files
      const post = await http()
        .post(`${ME}/publications`)
        .set(ana.auth)
        .attach('files', await jpegBytes(1080, 1080), { filename: 'big-post.jpg', contentType: 'image/jpeg' })
        .field('data', JSON.stringify({ connectionId }));
      expect(post.status).toBe(413);
      expect(post.body.error.message).toMatch(/big-post\.jpg/);
      // Nothing was stored, and no post queued
      expect(await mediaLibraryCount(app.strapi)).toBe(before);
      expect(await listPublications(app.strapi, { ownerUserId: ana.id })).toHaveLength(0);
    } finally {
      restore();
    }
  });

  it('refuses files that are not images or videos (whatever their declared type) with 400 naming them', async () => {
    const before = await mediaLibraryCount(app.strapi);
    const cases = [
      { body: Buffer.from('<html><script>alert(1)</script></html>'), name: 'page.png', type: 'image/png' },
      { body: Buffer.from('just words'), name: 'notes.txt', type: 'text/plain' },
      { body: Buffer.from('%PDF-1.7 not a picture'), name: 'doc.pdf', type: 'application/pdf' },
      // A JPEG's first bytes, then nothing readable
      { body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]), name: 'broken.jpg', type: 'image/jpeg' },
    ];
    for (const file of cases) {
      const response = await uploadAs(app, ana, [{ body: await jpegBytes(64, 64), name: 'fine.jpg', type: 'image/jpeg' }, file]);
      expect({ file: file.name, status: response.status }).toEqual({ file: file.name, status: 400 });
      expect(response.body.error.message).toContain(`"${file.name}"`);
      expect(errorPaths(response.body)).toEqual(['files']);
    }
    // A file in another field, none at all, or more than ten
    const stray = await http().post(`${ME}/files`).set(ana.auth).attach('picture', await jpegBytes(64, 64), { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect([stray.status, errorPaths(stray.body)]).toEqual([400, ['picture']]);
    const none = await http().post(`${ME}/files`).set(ana.auth).field('note', 'no files');
    expect([none.status, errorPaths(none.body)]).toEqual([400, ['files']]);
    const bytes = await jpegBytes(64, 64);
    const eleven = await uploadAs(app, ana, Array.from({ length: 11 }, (_, i) => ({ body: bytes, name: `p${i}.jpg`, type: 'image/jpeg' })));
    expect([eleven.status, errorPaths(eleven.body)]).toEqual([400, ['files']]);
    expect(await mediaLibraryCount(app.strapi)).toBe(before);
    // A mislabelled real image is stored under its real type
    const renamed = await uploadAs(app, ana, [{ body: await jpegBytes(64, 64), name: 'photo.png', type: 'application/octet-stream' }]);
    expect(renamed.status).toBe(201);
    expect(renamed.body.data[0].mime).toBe('image/jpeg');
    // A client's path is not kept, only the file's name
    const pathed = await uploadAs(app, ana, [{ body: await jpegBytes(64, 64), name: '../../escape.jpg', type: 'image/jpeg' }]);
    expect([pathed.status, pathed.body.data[0].name]).toEqual([201, 'escape.jpg']);
  });

  it('refuses post data that is missing or not JSON, naming the field', async () => {
    const missing = await http().post(`${ME}/publications`).set(ana.auth).attach('files', await jpegBytes(64, 64), { filename: 'a.jpg', contentType: 'image/jpeg' });
    expect([missing.status, errorPaths(missing.body)]).toEqual([400, ['data']]);
    const broken = await http().post(`${ME}/publications`).set(ana.auth).attach('files', await jpegBytes(64, 64), { filename: 'a.jpg', contentType: 'image/jpeg' }).field('data', '{"connectionId":');
    expect([broken.status, errorPaths(broken.body)]).toEqual([400, ['data']]);
    const bad = await http().post(`${ME}/publications`).set(ana.auth).attach('files', await jpegBytes(64, 64), { filename: 'a.jpg', contentType: 'image/jpeg' }).field('data', JSON.stringify({ connectionId, kind: 'album' }));
    expect([bad.status, errorPaths(bad.body)]).toEqual([400, ['kind']]);
    const both = await http().post(`${ME}/publications`).set(ana.auth).attach('files', await jpegBytes(64, 64), { filename: 'a.jpg', contentType: 'image/jpeg' }).field('data', JSON.stringify({ connectionId, fileIds: [fileId] }));
    expect([both.status, errorPaths(both.body)]).toEqual([400, ['fileIds']]);
    // Files the post's own checks refuse are stored, then deleted again: a refused post leaves nothing
    const before = { library: await mediaLibraryCount(app.strapi), mine: (await http().get(`${ME}/files`).set(ana.auth)).body.meta.pagination.total };
    const lonely = await http()
      .post(`${ME}/publications`)
      .set(ana.auth)
      .attach('files', await jpegBytes(1080, 1080), { filename: 'alone.jpg', contentType: 'image/jpeg' })
      .field('data', JSON.stringify({ connectionId, kind: 'carousel' }));
    expect([lonely.status, errorPaths(lonely.body)]).toEqual([400, ['files']]);
    expect(lonely.body.error.message).toMatch(/carousel takes 2 to 10/);
    expect(await mediaLibraryCount(app.strapi)).toBe(before.library);
    expect((await http().get(`${ME}/files`).set(ana.auth)).body.meta.pagination.total).toBe(before.mine);
    expect(await listPublications(app.strapi, { ownerUserId: ana.id })).toHaveLength(0);
  });

  it('answers malformed or oversized bodies with 4xx, never 500', async () => {
    const post = (path: string) => http().post(path).set(ana.auth);
    // No boundary
    const noBoundary = await post(`${ME}/files`).set('Content-Type', 'multipart/form-data').send('--x\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\nabc\r\n--x--\r\n');
    expect(noBoundary.status).toBe(400);
    expect(errorPaths(noBoundary.body)).toEqual(['body']);
    // Cut short, and a boundary that is not the body's
    const head = '--cut\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff';
    for (const [contentType, body] of [
      ['multipart/form-data; boundary=cut', head],
      ['multipart/form-data; boundary=wrong', `${head}\r\n--cut--\r\n`],
      ['multipart/form-data; boundary=cut', '--cut\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}\r\n--cut'],
    ]) {
      for (const path of [`${ME}/files`, `${ME}/publications`]) {
        const response = await post(path).set('Content-Type', contentType).send(body);
        expect({ path, contentType, status: response.status }).toEqual({ path, contentType, status: 400 });
        expect(response.body.error.name).toBe('ValidationError');
      }
    }
    // Upper-case paths and a trailing slash reach the same routes, read the same way
    expect((await post(`${ME.toUpperCase()}/FILES/`).set('Content-Type', 'multipart/form-data; boundary=cut').send(head)).status).toBe(400);
    // JSON above Strapi's own parser limit (1 MB)
    const huge = await post(`${ME}/publications`).send({ connectionId, fileIds: [fileId], caption: 'x'.repeat(1_200_000) });
    expect(huge.status).toBe(413);
    // Multipart anywhere else in the plugin is still refused before any parser
    expect((await http().post('/instagram-publisher/publications').set(app.auth).attach('files', Buffer.from('x'), 'a.jpg')).status).toBe(415);
    // JSON to the upload route
    expect((await post(`${ME}/files`).send({ files: [] })).status).toBe(415);
  });

  it('caps posts per user per day with 429 and Retry-After, counting only that user, and replays idempotent requests still', async () => {
    const restore = setEndUsers(app.strapi, { postsPerDay: 2 });
    try {
      const cleo = await registerUser(app, 'cleo');
      const cleoConnection = (await connectUser(app.strapi, sandbox, cleo)).id;
      const files = [await uploadJpeg(app, cleo, 'c1.jpg'), await uploadJpeg(app, cleo, 'c2.jpg'), await uploadJpeg(app, cleo, 'c3.jpg')];
      // Given two posts queued today
      const first = await postAs(app, cleo, { connectionId: cleoConnection, fileIds: [files[0]], scheduledAt: tomorrow() }, { 'Idempotency-Key': 'first' });
      expect(first.status).toBe(202);
      const firstAt = Date.parse(first.body.data.createdAt);
      expect((await postAs(app, cleo, { connectionId: cleoConnection, fileIds: [files[1]], scheduledAt: tomorrow() })).status).toBe(202);

      // When a third is sent
      const before = await mediaLibraryCount(app.strapi);
      const third = await postAs(app, cleo, { connectionId: cleoConnection, fileIds: [files[2]] });
      // Then it is refused with the wait until the first leaves the 24-hour window
      expect(third.status).toBe(429);
      expect(third.body.error).toMatchObject({ name: 'RateLimitError', details: { limit: 'postsPerDay', max: 2 } });
      const retryAfter = Number(third.headers['retry-after']);
      expect(third.body.error.details.retryAfterSeconds).toBe(retryAfter);
      const expected = Math.ceil((firstAt + 86_400_000 - Date.now()) / 1000);
      expect(retryAfter).toBeGreaterThan(expected - 30);
      expect(retryAfter).toBeLessThanOrEqual(expected + 1);
      // A post with its files is refused before any file is stored
      const withFiles = await http()
        .post(`${ME}/publications`)
        .set(cleo.auth)
        .attach('files', await jpegBytes(64, 64), { filename: 'late.jpg', contentType: 'image/jpeg' })
        .field('data', JSON.stringify({ connectionId: cleoConnection }));
      expect(withFiles.status).toBe(429);
      expect(withFiles.headers['retry-after']).toBeDefined();
      expect(await mediaLibraryCount(app.strapi)).toBe(before);
      expect(await listPublications(app.strapi, { ownerUserId: cleo.id })).toHaveLength(2);
      // A request already answered is answered again (it posts nothing new)
      const replay = await postAs(app, cleo, { connectionId: cleoConnection, fileIds: [files[0]], scheduledAt: tomorrow() }, { 'Idempotency-Key': 'first' });
      expect([replay.status, replay.body.data.id]).toEqual([202, first.body.data.id]);
      // And another user is not held back by Cleo's posts
      expect((await postAs(app, ana, { connectionId, fileIds: [fileId], caption: 'Ana is fine', scheduledAt: tomorrow() })).status).toBe(202);
    } finally {
      restore();
    }
  });
});
