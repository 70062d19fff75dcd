import type { Sandbox } from '../../sandbox';
import { containerCalls, listPublications, publishCalls, startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import {
  connectUser,
  grantToAuthenticated,
  jpegBytes,
  ME,
  mp4Bytes,
  postAs,
  registerUser,
  untilMine,
  uploadAs,
  uploadJpeg,
  type EndUser,
} from './post-helpers';

describe('an end user publishes their own files to their own Instagram account', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let ana: EndUser;
  let connectionId: string;

  const http = () => app.app.http();

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    await grantToAuthenticated(app.strapi);
    ana = await registerUser(app, 'ana');
    connectionId = (await connectUser(app.strapi, sandbox, ana, 'sandbox_brand')).id;
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(() => sandbox.clearCalls());

  it('uploads a JPEG, lists it, and posts it by file id: queued, then published with its permalink', async () => {
    // When Ana uploads a picture
    const upload = await uploadAs(app, ana, [{ body: await jpegBytes(), name: 'sunset.jpg', type: 'image/jpeg' }]);
    // Then it is stored through the upload service and answered as hers
    expect(upload.status).toBe(201);
    const [file] = upload.body.data;
    expect(file).toMatchObject({ name: 'sunset.jpg', mime: 'image/jpeg', width: 1080, height: 1080 });
    expect(file.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/.+\.jpg$/);
    expect(file.size).toBeGreaterThan(1000);
    const stored = await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: Number(file.id) } });
    expect(stored).toMatchObject({ name: 'sunset.jpg', provider: 'local' });
    const listed = await http().get(`${ME}/files`).set(ana.auth);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((item: { id: string }) => item.id)).toContain(file.id);
    expect(listed.body.meta.pagination).toMatchObject({ page: 1, pageSize: 20 });

    // When she posts it with a caption and options
    const response = await postAs(app, ana, {
      connectionId,
      fileIds: [file.id],
      caption: 'Golden hour #sunset',
      altTexts: ['The sun going down over the sea'],
      firstComment: 'Shot on a phone <3',
      locationId: '2120000000000001',
      userTags: [{ username: 'sandbox_creator', x: 0.3, y: 0.6 }],
    });
    // Then it is accepted (202) and queued, as her publication
    expect(response.status).toBe(202);
    const queued = response.body.data;
    expect(queued).toMatchObject({ connectionId, username: 'sandbox_brand', caption: 'Golden hour #sunset', files: [{ id: file.id, mime: 'image/jpeg' }], permalink: null, attempts: 0 });
    expect(['queued', 'preparing', 'containers_created', 'processing', 'publishing']).toContain(queued.status);
    expect(Object.keys(queued).sort()).toEqual(
      ['attempts', 'caption', 'commentCount', 'connectionId', 'createdAt', 'error', 'files', 'id', 'kind', 'lastCommentAt', 'likeCount', 'mediaId', 'permalink', 'publishedAt', 'reachCount', 'scheduledAt', 'status', 'updatedAt', 'username', 'warnings'].sort(),
    );

    // And the worker publishes it, with the permalink Meta gave
    const published = await untilMine(app, ana, queued.id);
    expect(published).toMatchObject({ status: 'published', kind: 'image', error: null });
    expect(published.permalink).toMatch(new RegExp(`^${sandbox.url}/p/[\\w-]+/$`));
    expect(published.mediaId).toBeTruthy();
    expect(publishCalls(sandbox)).toHaveLength(1);
    // With what she asked for: the alt text, the location, the tag, and her comment as she wrote it
    const [container] = containerCalls(sandbox);
    expect(container.body).toMatchObject({
      caption: 'Golden hour #sunset',
      alt_text: 'The sun going down over the sea',
      location_id: '2120000000000001',
      user_tags: JSON.stringify([{ username: 'sandbox_creator', x: 0.3, y: 0.6 }]),
    });
    expect(sandbox.getMedia(published.mediaId)!.comments.map((comment) => comment.text)).toEqual(['Shot on a phone <3']);
    // And the row is hers, made of her input, under the fixed user-post marker
    const [row] = await listPublications(app.strapi, { ownerUserId: ana.id });
    expect(row).toMatchObject({ uid: 'plugin::instagram-publisher.user-post', documentId: `user:${ana.id}`, trigger: 'manual', ownerUserId: ana.id });
    expect(row.input.fileIds).toEqual([file.id]);
  });

  it('posts files sent with the post itself (multipart: files + data)', async () => {
    // When Ana sends a picture and the post's data in one request
    const response = await http()
      .post(`${ME}/publications`)
      .set(ana.auth)
      .attach('files', await jpegBytes(1080, 1350), { filename: 'portrait.jpg', contentType: 'image/jpeg' })
      .field('data', JSON.stringify({ connectionId, caption: 'Sent with the post' }));
    // Then the file is stored as hers and the post queued, then published
    expect(response.status).toBe(202);
    const [file] = response.body.data.files;
    expect(file.url).toMatch(/\/uploads\/.+\.jpg$/);
    expect((await http().get(`${ME}/files`).set(ana.auth)).body.data.map((item: { id: string }) => item.id)).toContain(file.id);
    expect((await untilMine(app, ana, response.body.data.id)).status).toBe('published');
  });

  it('posts a carousel of two files, and a reel of a video', async () => {
    // Given two pictures and a video
    const first = await uploadJpeg(app, ana, 'one.jpg');
    const second = await uploadJpeg(app, ana, 'two.jpg', 1200, 1200);
    const clip = await uploadAs(app, ana, [{ body: mp4Bytes(8), name: 'clip.mp4', type: 'video/mp4' }]);
    expect(clip.status).toBe(201);
    expect(clip.body.data[0].mime).toBe('video/mp4');

    // When she posts the two pictures together, and the video
    const carousel = await postAs(app, ana, { connectionId, fileIds: [first, second], caption: 'Two of them', altTexts: [null, 'The second one'] });
    const reel = await postAs(app, ana, { connectionId, fileIds: [clip.body.data[0].id], caption: 'Moving', shareToFeed: false });
    expect([carousel.status, reel.status]).toEqual([202, 202]);

    // Then they are a carousel and a reel on Instagram
    const posted = await untilMine(app, ana, carousel.body.data.id);
    expect(posted).toMatchObject({ status: 'published', kind: 'carousel' });
    expect(posted.files.map((item: { id: string }) => item.id)).toEqual([first, second]);
    expect(await untilMine(app, ana, reel.body.data.id)).toMatchObject({ status: 'published', kind: 'reel' });
    const creates = containerCalls(sandbox).map((call) => call.body as Record<string, string>);
    const children = creates.filter((body) => body.is_carousel_item === 'true');
    expect(children).toHaveLength(2);
    expect(children[1].alt_text).toBe('The second one');
    expect(creates.find((body) => body.media_type === 'REELS')?.share_to_feed).toBe('false');
  });

  it('refuses the same files and caption to the same account again (409), and the worker cancels one that slips through', async () => {
    // Given a post that went out
    const fileId = await uploadJpeg(app, ana, 'again.jpg');
    const first = await postAs(app, ana, { connectionId, fileIds: [fileId], caption: 'Only once' });
    expect((await untilMine(app, ana, first.body.data.id)).status).toBe('published');

    // When she sends the same post again
    const again = await postAs(app, ana, { connectionId, fileIds: [fileId], caption: 'Only once' });
    // Then it is refused, naming the post, and nothing is queued
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ name: 'DuplicatePostError', details: { existing: { id: first.body.data.id, status: 'published', username: 'sandbox_brand' } } });
    expect(again.body.error.message).toMatch(/already posted to @sandbox_brand/);
    // And another caption is another post
    expect((await postAs(app, ana, { connectionId, fileIds: [fileId], caption: 'Once more, differently' })).status).toBe(202);

    // When two identical posts arrive before either is prepared (both pass the route's check)
    const twin = await uploadJpeg(app, ana, 'twin.jpg');
    // Due a few seconds from now, so the worker cannot prepare the first before the second arrives
    // however fast it is: neither holds the post yet when the route checks.
    const twins = { connectionId, fileIds: [twin], caption: 'Twins', scheduledAt: new Date(Date.now() + 4_000).toISOString() };
    const [a, b] = [await postAs(app, ana, twins), await postAs(app, ana, twins)];
    expect([a.status, b.status]).toEqual([202, 202]);
    // Then exactly one is posted; the other is cancelled saying why
    const outcomes = [await untilMine(app, ana, a.body.data.id), await untilMine(app, ana, b.body.data.id)];
    expect(outcomes.map((view) => view.status).sort()).toEqual(['cancelled', 'published']);
    expect(outcomes.find((view) => view.status === 'cancelled').error.message).toMatch(/already (posted to|on its way to) @sandbox_brand/);
  });

  it('answers a repeated Idempotency-Key with the publication the first request made, posting once', async () => {
    const fileId = await uploadJpeg(app, ana, 'idempotent.jpg');
    const body = { connectionId, fileIds: [fileId], caption: 'Sent twice, posted once', scheduledAt: new Date(Date.now() + 3_600_000).toISOString() };
    // When the same request is sent twice with one key
    const first = await postAs(app, ana, body, { 'Idempotency-Key': 'order-42-publish' });
    const second = await postAs(app, ana, body, { 'Idempotency-Key': 'order-42-publish' });
    // Then both answer the same publication, and only one exists
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const rows = (await listPublications(app.strapi, { ownerUserId: ana.id })).filter((row) => row.caption === 'Sent twice, posted once');
    expect(rows).toHaveLength(1);
    // And even a different body under that key answers the first publication (the key names the request)
    const changed = await postAs(app, ana, { ...body, caption: 'Something else' }, { 'Idempotency-Key': 'order-42-publish' });
    expect(changed.body.data.id).toBe(first.body.data.id);
    // While another key is another request
    const other = await postAs(app, ana, { ...body, caption: 'Another request' }, { 'Idempotency-Key': 'order-43-publish' });
    expect(other.status).toBe(202);
    expect(other.body.data.id).not.toBe(first.body.data.id);
    // And a key over 200 characters is refused naming the header
    const long = await postAs(app, ana, body, { 'Idempotency-Key': 'k'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.error.details.errors[0].path).toEqual(['Idempotency-Key']);
  });

  it('schedules a post, cancels it, retries it (posted now), and refuses to cancel it once published', async () => {
    const fileId = await uploadJpeg(app, ana, 'later.jpg');
    // Given a post scheduled for tomorrow, in her timezone
    const tomorrow = new Date(Date.now() + 86_400_000);
    const scheduledAt = `${new Date(tomorrow.getTime() + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
    const scheduled = await postAs(app, ana, { connectionId, fileIds: [fileId], caption: 'Tomorrow', scheduledAt });
    expect(scheduled.status).toBe(202);
    expect(scheduled.body.data).toMatchObject({ status: 'queued', scheduledAt: new Date(scheduledAt).toISOString() });

    // When she cancels it
    const cancelled = await http().post(`${ME}/publications/${scheduled.body.data.id}/cancel`).set(ana.auth);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', error: { message: 'Cancelled at your request.' } });
    // And cancelling again is refused by the same rule as an editor's
    expect((await http().post(`${ME}/publications/${scheduled.body.data.id}/cancel`).set(ana.auth)).status).toBe(409);

    // When she retries it
    const retried = await http().post(`${ME}/publications/${scheduled.body.data.id}/retry`).set(ana.auth);
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ status: 'queued', error: null });
    // Then it is posted now
    expect((await untilMine(app, ana, scheduled.body.data.id)).status).toBe('published');
    // And a published post can be neither cancelled nor retried
    expect((await http().post(`${ME}/publications/${scheduled.body.data.id}/cancel`).set(ana.auth)).status).toBe(409);
    expect((await http().post(`${ME}/publications/${scheduled.body.data.id}/retry`).set(ana.auth)).status).toBe(409);
  });

  it('lists her publications, filtered by status and account', async () => {
    const all = await http().get(`${ME}/publications`).set(ana.auth);
    expect(all.status).toBe(200);
    expect(all.body.meta.pagination.total).toBeGreaterThan(3);
    const published = await http().get(`${ME}/publications?status=published,cancelled&connectionId=${connectionId}&pageSize=100`).set(ana.auth);
    expect(published.body.data.length).toBeGreaterThan(0);
    expect(published.body.data.every((view: { status: string; connectionId: string }) => ['published', 'cancelled'].includes(view.status) && view.connectionId === connectionId)).toBe(true);
    const none = await http().get(`${ME}/publications?connectionId=999999`).set(ana.auth);
    expect(none.body).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    expect((await http().get(`${ME}/publications?status=done`).set(ana.auth)).status).toBe(400);
  });
});
