import { startTestApp, type TestApp } from '../harness/strapi';
import { createAdminSession } from '../harness/admin';
import { ARTICLE, baseMapping, createArticle, jpeg, png, uploadFile } from './helpers';
import { makeMp4 } from '../../sandbox/fixtures';

describe('settings (mappings) and preview', () => {
  let app: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    ({ auth } = await createAdminSession(app.strapi));
  });
  afterAll(async () => {
    await app?.stop();
  });

  const put = (mappings: unknown) => app.http().put('/instagram-publisher/settings').set(auth).send({ mappings });

  it('describes the mappable content types with their fields, and the defaults of config/plugins.ts', async () => {
    // Given default mappings in the plugin config and nothing saved yet
    app.strapi.config.set('plugin::instagram-publisher.mappings', { [ARTICLE]: { mediaFields: ['cover'], captionTemplate: '{{title}}', autoPublish: true } });
    const response = await app.http().get('/instagram-publisher/settings').set(auth);
    expect(response.status).toBe(200);
    // Then they are served with every default filled in
    expect(response.body.data.mappings).toEqual({ [ARTICLE]: expect.objectContaining({ enabled: true, autoPublish: true, postKind: 'auto', mediaFields: ['cover'], captionTemplate: '{{title}}', connectionId: null }) });
    const article = response.body.data.contentTypes.find((type: any) => type.uid === ARTICLE);
    expect(article.displayName).toBe('Article');
    expect(article.fields).toEqual(
      expect.arrayContaining([
        { name: 'title', type: 'string' },
        { name: 'cover', type: 'media', multiple: false, allowedTypes: ['images'] },
        { name: 'gallery', type: 'media', multiple: true, allowedTypes: ['images', 'videos'] },
        { name: 'video', type: 'media', multiple: false, allowedTypes: ['videos'] },
      ]),
    );
    // Plugin-internal and admin types are not offered
    expect(response.body.data.contentTypes.every((type: any) => type.uid.startsWith('api::'))).toBe(true);
  });

  it('saves a valid mapping with defaults filled in, and returns it on GET', async () => {
    const response = await put({ [ARTICLE]: { mediaFields: ['cover', 'gallery'], captionTemplate: '{{title}} #news' } });
    expect(response.status).toBe(200);
    expect(response.body.data.mappings[ARTICLE]).toEqual({
      enabled: true,
      connectionId: null,
      autoPublish: false,
      postKind: 'auto',
      mediaFields: ['cover', 'gallery'],
      captionTemplate: '{{title}} #news',
      altTextField: null,
      firstCommentField: null,
      firstCommentTemplate: null,
      locationIdField: null,
      userTagsField: null,
      collaboratorsField: null,
      shareToFeed: true,
      coverField: null,
    });
    const again = await app.http().get('/instagram-publisher/settings').set(auth);
    expect(again.body.data.mappings[ARTICLE].captionTemplate).toBe('{{title}} #news');
  });

  it.each([
    ['an unknown content type', { 'api::nope.nope': { mediaFields: ['cover'] } }, 'mappings.api::nope.nope', /is not a content type/],
    ['an unknown media field', { [ARTICLE]: { mediaFields: ['poster'] } }, `mappings.${ARTICLE}.mediaFields.0`, /"poster" is not a field of Article/],
    ['a media field that is not media', { [ARTICLE]: { mediaFields: ['title'] } }, `mappings.${ARTICLE}.mediaFields.0`, /"title" is a string field; media fields must be media attributes/],
    ['no media field while enabled', { [ARTICLE]: { mediaFields: [] } }, `mappings.${ARTICLE}.mediaFields`, /at least one media field/],
    ['a template naming a missing field', { [ARTICLE]: { mediaFields: ['cover'], captionTemplate: '{{title}} {{subtitle}}' } }, `mappings.${ARTICLE}.captionTemplate`, /\{\{subtitle\}\}, which is not a field of Article/],
    ['a template naming a media field', { [ARTICLE]: { mediaFields: ['cover'], captionTemplate: '{{cover}}' } }, `mappings.${ARTICLE}.captionTemplate`, /a media field that cannot be written as text/],
    ['an unclosed template variable', { [ARTICLE]: { mediaFields: ['cover'], captionTemplate: 'Hi {{title' } }, `mappings.${ARTICLE}.captionTemplate`, /unclosed/],
    ['a first comment template naming a missing field', { [ARTICLE]: { mediaFields: ['cover'], firstCommentTemplate: '{{link}}' } }, `mappings.${ARTICLE}.firstCommentTemplate`, /\{\{link\}\}/],
    ['alt text from a media field', { [ARTICLE]: { mediaFields: ['cover'], altTextField: 'gallery' } }, `mappings.${ARTICLE}.altTextField`, /alt text must come from a text field/],
    ['a reel over image-only fields', { [ARTICLE]: { mediaFields: ['cover'], postKind: 'reel' } }, `mappings.${ARTICLE}.postKind`, /a reel needs a video/],
    ['a cover that is not media', { [ARTICLE]: { mediaFields: ['video'], coverField: 'title' } }, `mappings.${ARTICLE}.coverField`, /a reel cover must be a media field/],
    ['an unknown connection', { [ARTICLE]: { mediaFields: ['cover'], connectionId: '424242' } }, `mappings.${ARTICLE}.connectionId`, /no Instagram connection has the id "424242"/],
  ])('refuses %s with 400 naming the problem', async (_name, mappings, path, message) => {
    const response = await put(mappings);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(response.body.error.details.errors[0].path.join('.')).toBe(path);
  });

  it.each([
    ['a body without mappings', {}, /mappings/],
    ['a wrong post kind', { mappings: { [ARTICLE]: { mediaFields: ['cover'], postKind: 'video' } } }, /postKind/],
    ['an unknown option', { mappings: { [ARTICLE]: { mediaFields: ['cover'], colour: 'red' } } }, /colour|Unrecognized/],
    ['a uid that is not a uid', { mappings: { article: { mediaFields: ['cover'] } } }, /content-type uid/],
  ])('answers 400, never 500, to %s', async (_name, body, message) => {
    const response = await app.http().put('/instagram-publisher/settings').set(auth).send(body);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toMatch(message);
  });

  describe('POST /preview', () => {
    it('says there is nothing to preview yet as a note, not as an error, while the type has no entry', async () => {
      // Given a mapped type with no entry at all (this file creates its first article below)
      expect(await (app.strapi.documents(ARTICLE as any) as any).count({})).toBe(0);
      // When the settings page previews the mapping being edited
      const response = await app.http().post('/instagram-publisher/preview').set(auth).send({ uid: ARTICLE, mapping: baseMapping() });
      // Then the answer is the normal first state: a note, no error that would be shown in red
      expect(response.status).toBe(200);
      expect(response.body.data).toMatchObject({ kind: null, media: [], errors: [], warnings: [], notice: 'There is no Article entry to preview yet.' });
    });

    it('renders the caption and media of an entry, with counts and warnings', async () => {
      // Given a mapped article with a PNG cover and Markdown in its excerpt
      await put({ [ARTICLE]: baseMapping({ autoPublish: false, mediaFields: ['cover'], captionTemplate: '{{title}}\n\n{{body}}\n#news @friend' }) });
      const cover = await png(app.strapi, 1080, 1080);
      const article = await createArticle(app.strapi, { title: 'Fresh {{bread}}', body: '**Warm** and [crusty](https://example.com)', cover: cover.id });
      // When the preview is asked for it
      const response = await app.http().post('/instagram-publisher/preview').set(auth).send({ uid: ARTICLE, documentId: article.documentId });
      // Then the caption is plain text (values are never re-read as template syntax)
      expect(response.status).toBe(200);
      const preview = response.body.data;
      expect(preview.kind).toBe('image');
      expect(preview.caption).toBe('Fresh {{bread}}\n\nWarm and crusty\n#news @friend');
      expect(preview.counts).toEqual({ characters: preview.caption.length, hashtags: 1, mentions: 1 });
      // With the limits the server checks, for the editor's counters: 5 hashtags since December 2025
      expect(preview.limits).toEqual({ characters: 2200, hashtags: 5, mentions: 20 });
      expect(preview.media).toEqual([{ url: expect.stringMatching(/\/uploads\/.+\.png$/), alt: null, mime: 'image/png', width: 1080, height: 1080 }]);
      expect(preview.warnings).toEqual([expect.stringMatching(/PNG is converted to JPEG/)]);
      expect(preview.errors).toEqual([]);
      // And it says which mapping it used, so the edit-view panel can hide for a switched-off type
      expect(preview.mapping).toEqual({ enabled: true, autoPublish: false, connectionId: null });
      await put({ [ARTICLE]: baseMapping({ enabled: false, autoPublish: false, mediaFields: ['cover'] }) });
      const off = await app.http().post('/instagram-publisher/preview').set(auth).send({ uid: ARTICLE, documentId: article.documentId });
      expect(off.body.data.mapping.enabled).toBe(false);
    });

    it('previews an unsaved mapping against the latest entry, with its errors', async () => {
      const clip = await uploadFile(app.strapi, makeMp4({ durationSec: 1 }), 'short.mp4', 'video/mp4');
      await createArticle(app.strapi, { title: 'Latest', video: clip.id });
      const response = await app.http().post('/instagram-publisher/preview').set(auth)
        .send({ uid: ARTICLE, mapping: { mediaFields: ['video'], postKind: 'reel', captionTemplate: '{{title}} ' + '#x '.repeat(31) } });
      expect(response.status).toBe(200);
      expect(response.body.data.kind).toBe('reel');
      expect(response.body.data.errors).toEqual(
        expect.arrayContaining([expect.stringMatching(/31 hashtags/), expect.stringMatching(/short\.mp4: the video lasts 1\.0 s/)]),
      );
    });

    it('checks and counts hashtags against the limits option, so a new Meta limit needs one setting', async () => {
      // Given an entry whose caption has 6 hashtags
      await createArticle(app.strapi, { title: 'Tags', excerpt: '#a #b #c #d #e #f' });
      const preview = async () =>
        (await app.http().post('/instagram-publisher/preview').set(auth).send({ uid: ARTICLE, mapping: { mediaFields: ['cover'], captionTemplate: '{{excerpt}}' } })).body.data;
      // Then by default 6 is one too many
      const strict = await preview();
      expect(strict.counts.hashtags).toBe(6);
      expect(strict.limits.hashtags).toBe(5);
      expect(strict.errors).toContain('The caption has 6 hashtags; Instagram accepts at most 5.');
      // And with limits.hashtags raised, the check and the counter's limit follow
      app.strapi.config.set('plugin::instagram-publisher.limits', { hashtags: 10, mentions: 20, captionCharacters: 2200 });
      try {
        const relaxed = await preview();
        expect(relaxed.limits).toEqual({ characters: 2200, hashtags: 10, mentions: 20 });
        expect(relaxed.errors.join(' ')).not.toMatch(/hashtags/);
      } finally {
        app.strapi.config.set('plugin::instagram-publisher.limits', { hashtags: 5, mentions: 20, captionCharacters: 2200 });
      }
    });

    it('warns about an image Meta would scale up, and takes alt text from the media', async () => {
      await put({ [ARTICLE]: baseMapping({ autoPublish: false, mediaFields: ['cover'] }) });
      const tiny = await jpeg(app.strapi, 200, 200, 'A tiny icon');
      const article = await createArticle(app.strapi, { title: 'Tiny', cover: tiny.id });
      const response = await app.http().post('/instagram-publisher/preview').set(auth).send({ uid: ARTICLE, documentId: article.documentId });
      expect(response.body.data.media[0].alt).toBe('A tiny icon');
      expect(response.body.data.warnings).toEqual([expect.stringMatching(/only 200 px wide/)]);
    });

    it.each([
      ['an unknown content type', { uid: 'api::nope.nope' }, 400],
      ['a malformed uid', { uid: 'nope' }, 400],
      ['an unknown document', { uid: ARTICLE, documentId: 'doesnotexist' }, 404],
      ['a malformed mapping', { uid: ARTICLE, mapping: { postKind: 'video' } }, 400],
    ])('answers %s with the right status', async (_name, body, status) => {
      const response = await app.http().post('/instagram-publisher/preview').set(auth).send(body);
      expect(response.status).toBe(status);
    });
  });

  describe('POST /publications input', () => {
    it.each([
      ['a missing uid', { documentId: 'abc' }, 'uid', /uid/],
      ['a malformed uid', { uid: 'article', documentId: 'abc' }, 'uid', /uid: must be a content-type uid/],
      ['an unmapped type', { uid: 'api::nope.nope', documentId: 'abc' }, 'uid', /api::nope\.nope is not a content type/],
      ['a scheduledAt without timezone', { uid: ARTICLE, documentId: 'abc', scheduledAt: '2030-01-01T10:00:00' }, 'scheduledAt', /scheduledAt: must be an ISO 8601 date-time with a timezone/],
      ['a caption too long', { uid: ARTICLE, documentId: 'abc', caption: 'x'.repeat(2201) }, 'caption', /caption/],
      ['a caption with more hashtags than Instagram allows', { uid: ARTICLE, documentId: 'abc', caption: '#a #b #c #d #e #f' }, 'caption', /6 hashtags; Instagram accepts at most 5/],
      ['an unknown document', { uid: ARTICLE, documentId: 'doesnotexist' }, 'documentId', /Article "doesnotexist"/],
      ['an unknown field', { uid: ARTICLE, documentId: 'abc', when: 'now' }, '', /when|Unrecognized/],
    ])('answers 400 to %s, naming the field', async (_name, body, field, message) => {
      await put({ [ARTICLE]: baseMapping({ autoPublish: false }) });
      const response = await app.http().post('/instagram-publisher/publications').set(auth).send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      if (field) expect(response.body.error.details.errors[0].path).toEqual([field]);
    });

    it.each([
      ['page=0', { page: '0' }],
      ['pageSize=1000', { pageSize: '1000' }],
      ['an unknown status', { status: 'sent' }],
      ['a malformed uid', { uid: '../etc' }],
    ])('answers 400 to a list query with %s', async (_name, query) => {
      const response = await app.http().get('/instagram-publisher/publications').query(query).set(auth);
      expect(response.status).toBe(400);
    });

    it('answers 400 to a malformed publication id', async () => {
      expect((await app.http().post('/instagram-publisher/publications/..%2F..%2Fx/retry').set(auth)).status).toBe(400);
    });
  });
});
