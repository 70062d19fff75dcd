import type { Sandbox } from '../../sandbox';
import {
  ARTICLE,
  baseMapping,
  containerCalls,
  createArticle,
  jpeg,
  listPublications,
  mp4,
  png,
  publishArticle,
  publishCalls,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  startPublishingApp,
  type PublishingApp,
} from './helpers';

describe('publishing every post kind to the sandbox', () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let connectionId: string;

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    connectionId = (await seedConnection(app.strapi, sandbox)).id;
  });
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });
  beforeEach(() => sandbox.clearCalls());

  /** Every status read before a publish answered FINISHED: publishing never raced processing. */
  const expectNoEarlyPublish = () => {
    expect(sandbox.findCalls({ path: /\/media_publish$/ }).filter((call) => call.status !== 200)).toEqual([]);
    expect(sandbox.calls.some((call) => (call.response as any)?.error?.code === 9007)).toBe(false);
  };

  it('posts a single image with caption, alt text, user tags, location and collaborators, then reads its permalink and posts the first comment', async () => {
    // Given a mapping using every option of an image post
    await putMappings(app, {
      [ARTICLE]: baseMapping({
        connectionId,
        postKind: 'image',
        captionTemplate: '{{title}}\n\n{{excerpt}}\n#news',
        firstCommentTemplate: 'Recipe: {{slug}}',
        locationIdField: 'body',
        userTagsField: 'excerpt',
        collaboratorsField: 'excerpt',
      }),
    });
    const cover = await jpeg(app.strapi, 1080, 1350, 'A loaf of bread');
    const article = await createArticle(app.strapi, { title: 'Fresh bread', excerpt: 'With @sandbox_creator', body: '2120000000000001', cover: cover.id });
    // When the entry is published
    await publishArticle(app.strapi, article.documentId);
    // Then one image container is created with every option, and published once after FINISHED
    const [publication] = await settled(app.strapi, article.documentId);
    expect(publication).toMatchObject({ status: 'published', kind: 'image', trigger: 'publish', connectionId });
    // The sandbox gives its own address, whose page shows the post (never an instagram.com address that does not exist)
    expect(publication.permalink).toMatch(new RegExp(`^${sandbox.url}/p/[\\w-]+/$`));
    const creates = containerCalls(sandbox);
    expect(creates).toHaveLength(1);
    expect(creates[0].body).toMatchObject({
      caption: 'Fresh bread\n\nWith @sandbox_creator\n#news',
      alt_text: 'A loaf of bread',
      location_id: '2120000000000001',
      user_tags: JSON.stringify([{ username: 'sandbox_creator', x: 0.5, y: 0.5 }]),
      collaborators: JSON.stringify(['sandbox_creator']),
    });
    expect((creates[0].body as any).image_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/uploads\/.+\.jpg$/);
    expect(publishCalls(sandbox)).toHaveLength(1);
    expectNoEarlyPublish();
    // And the first comment is on the new media
    expect(sandbox.getMedia(publication.mediaId)!.comments.map((comment) => comment.text)).toEqual([expect.stringMatching(/^Recipe: article-/)]);
  });

  it('posts a carousel: children first (no caption, no collaborators), then the parent with caption, location and collaborators', async () => {
    // Given a carousel mapping over the cover and the gallery (two images and a video)
    await putMappings(app, {
      [ARTICLE]: baseMapping({ connectionId, postKind: 'auto', mediaFields: ['cover', 'gallery'], captionTemplate: '{{title}}', locationIdField: 'body', collaboratorsField: 'excerpt' }),
    });
    const cover = await jpeg(app.strapi, 1080, 1350);
    const square = await jpeg(app.strapi, 1080, 1080);
    const clip = await mp4(app.strapi, 6, 1080, 1350);
    const article = await createArticle(app.strapi, { title: 'Our week', excerpt: '@sandbox_creator', body: '2120000000000002', cover: cover.id, gallery: [square.id, clip.id] });
    // When it is published
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    // Then three children were created before the parent
    expect(publication).toMatchObject({ status: 'published', kind: 'carousel' });
    const creates = containerCalls(sandbox).map((call) => call.body as Record<string, string>);
    expect(creates).toHaveLength(4);
    expect(creates.slice(0, 3).every((body) => body.is_carousel_item === 'true' && !body.caption && !body.collaborators && !body.location_id)).toBe(true);
    expect(creates[2]).toMatchObject({ media_type: 'VIDEO' });
    const parent = creates[3];
    expect(parent).toMatchObject({ media_type: 'CAROUSEL', caption: 'Our week', location_id: '2120000000000002', collaborators: JSON.stringify(['sandbox_creator']) });
    const childIds = containerCalls(sandbox).slice(0, 3).map((call) => (call.response as any).id);
    expect(parent.children).toBe(childIds.join(','));
    // And the square image was cropped to the first item's 4:5 ratio
    const squareChild = sandbox.getContainer(childIds[1])!;
    expect(squareChild.media!.width! / squareChild.media!.height!).toBeCloseTo(0.8, 2);
    expect(publishCalls(sandbox)).toHaveLength(1);
    expectNoEarlyPublish();
    expect(sandbox.getMedia(publication.mediaId)!.children).toHaveLength(3);
  });

  it('posts a reel with its cover, shared to the feed', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, postKind: 'reel', mediaFields: ['video'], coverField: 'cover', shareToFeed: true, captionTemplate: '{{title}} #reel' }) });
    const cover = await jpeg(app.strapi, 1080, 1920);
    const clip = await mp4(app.strapi, 12);
    const article = await createArticle(app.strapi, { title: 'Behind the scenes', video: clip.id, cover: cover.id });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    expect(publication).toMatchObject({ status: 'published', kind: 'reel' });
    const [create] = containerCalls(sandbox);
    expect(create.body).toMatchObject({ media_type: 'REELS', caption: 'Behind the scenes #reel', share_to_feed: 'true' });
    expect((create.body as any).cover_url).toMatch(/\/uploads\/.+\.jpg$/);
    expect((create.body as any).video_url).toMatch(/\/uploads\/.+\.mp4$/);
    expect(publication.permalink).toMatch(/\/reel\//);
    expectNoEarlyPublish();
  });

  it('posts an image story and a video story, without caption', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, postKind: 'story', mediaFields: ['cover', 'video'] }) });
    const image = await jpeg(app.strapi, 1080, 1920);
    const first = await createArticle(app.strapi, { title: 'Story time', cover: image.id });
    const clip = await mp4(app.strapi, 10);
    const second = await createArticle(app.strapi, { title: 'Video story', video: clip.id });
    await publishArticle(app.strapi, first.documentId);
    await publishArticle(app.strapi, second.documentId);
    const [imageStory] = await settled(app.strapi, first.documentId);
    const [videoStory] = await settled(app.strapi, second.documentId);
    expect(imageStory).toMatchObject({ status: 'published', kind: 'story', caption: '' });
    expect(videoStory).toMatchObject({ status: 'published', kind: 'story' });
    const bodies = containerCalls(sandbox).map((call) => call.body as Record<string, string>);
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ media_type: 'STORIES', image_url: expect.any(String) }),
        expect.objectContaining({ media_type: 'STORIES', video_url: expect.any(String) }),
      ]),
    );
    expect(bodies.every((body) => body.caption === undefined)).toBe(true);
  });

  it('turns a PNG into an Instagram-ready JPEG stored in the Media Library, and reuses it on the next post', async () => {
    // Given an image mapping and a PNG cover
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, postKind: 'image', captionTemplate: '{{title}}' }) });
    const graphic = await png(app.strapi, 1200, 1200);
    const first = await createArticle(app.strapi, { title: 'Chart', cover: graphic.id });
    // When it is published
    await publishArticle(app.strapi, first.documentId);
    const [publication] = await settled(app.strapi, first.documentId);
    // Then Meta downloaded a JPEG (the sandbox reads the real bytes)
    expect(publication.status).toBe('published');
    const container = sandbox.getContainer((containerCalls(sandbox)[0].response as any).id)!;
    expect(container.media).toMatchObject({ format: 'jpeg', width: 1200, height: 1200 });
    const renditions = await app.strapi.db.query('plugin::upload.file').findMany({ where: { name: { $startsWith: 'instagram-graphic' } } });
    expect(renditions).toHaveLength(1);
    expect(renditions[0].mime).toBe('image/jpeg');
    // When another entry posts the same PNG
    const second = await createArticle(app.strapi, { title: 'Chart again', cover: graphic.id });
    await publishArticle(app.strapi, second.documentId);
    await settled(app.strapi, second.documentId);
    // Then the stored rendition is reused
    expect(await app.strapi.db.query('plugin::upload.file').count({ where: { name: { $startsWith: 'instagram-graphic' } } })).toBe(1);
    const urls = containerCalls(sandbox).map((call) => (call.body as any).image_url);
    expect(urls[0]).toBe(urls[1]);
  });

  it('brings a too wide, off-ratio image to 1440 px and 1.91:1', async () => {
    await putMappings(app, { [ARTICLE]: baseMapping({ connectionId, postKind: 'image', captionTemplate: '{{title}}' }) });
    const panorama = await jpeg(app.strapi, 3000, 1000);
    const article = await createArticle(app.strapi, { title: 'Panorama', cover: panorama.id });
    await publishArticle(app.strapi, article.documentId);
    const [publication] = await settled(app.strapi, article.documentId);
    expect(publication.status).toBe('published');
    const container = sandbox.getContainer((containerCalls(sandbox)[0].response as any).id)!;
    expect(container.media!.width).toBe(1440);
    expect(container.media!.width! / container.media!.height!).toBeCloseTo(1.91, 2);
  });
});
