import { gzipSync } from 'node:zlib';
import { createAdminSession } from './harness/admin';
import { startTestApp, type TestApp } from './harness/strapi';
import { ARTICLE, baseMapping, createArticle, jpeg } from './publishing/helpers';

/** Malformed templates and bodies get a 4xx naming what is wrong, never a 500 (found by tests/integration/fuzz). */
describe('bad input is refused, never answered with a 500', () => {
  let app: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({ env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
    ({ auth } = await createAdminSession(app.strapi));
    const cover = await jpeg(app.strapi, 1080, 1080);
    await createArticle(app.strapi, { title: 'Bread', excerpt: 'Warm', cover: cover.id });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const preview = (body: object) => app.http().post('/instagram-publisher/preview').set(auth).send(body);
  const settings = async () => (await app.http().get('/instagram-publisher/settings').set(auth)).body.data.mappings;

  describe('POST /preview of an unsaved mapping', () => {
    it.each([
      ['captionTemplate', { captionTemplate: '{{title}} {{excerpt' }, { index: 10, line: 1, column: 11 }, /unclosed "\{\{" at character 11/],
      ['firstCommentTemplate', { firstCommentTemplate: 'Read more:\n{{ link url }}' }, { index: 11, line: 2, column: 1 }, /"\{\{ link url \}\}" is not a field name at line 2, column 1/],
    ])('answers 400 naming mapping.%s and the position of its syntax error', async (field, patch, position, message) => {
      // Given the stored mappings before
      const before = await settings();
      // When the preview is asked with a malformed template
      const response = await preview({ uid: ARTICLE, mapping: baseMapping({ ...patch }) });
      // Then it is refused with the field's path, the position as data and in the message
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
      expect(response.body.error.details.errors).toEqual([{ path: ['mapping', field], message: expect.stringMatching(message), position, name: 'ValidationError' }]);
      // And nothing stored changed
      expect(await settings()).toEqual(before);
    });

    it('checks the mapping against the content type as PUT /settings does', async () => {
      const response = await preview({ uid: ARTICLE, mapping: baseMapping({ mediaFields: ['poster'], captionTemplate: '{{subtitle}}' }) });
      expect(response.status).toBe(400);
      expect(response.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['mapping.mediaFields.0', 'mapping.captionTemplate']);
    });

    it('still previews a valid unsaved mapping', async () => {
      const response = await preview({ uid: ARTICLE, mapping: baseMapping({ captionTemplate: '{{title}}\n{{excerpt}}' }) });
      expect(response.status).toBe(200);
      expect(response.body.data.caption).toBe('Bread\nWarm');
    });
  });

  it('gives PUT /settings template errors their position too', async () => {
    const response = await app.http().put('/instagram-publisher/settings').set(auth).send({ mappings: { [ARTICLE]: baseMapping({ captionTemplate: 'Line 1\nLine {{2' }) } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0]).toMatchObject({ path: ['mappings', ARTICLE, 'captionTemplate'], position: { index: 12, line: 2, column: 6 } });
    expect(response.body.error.message).toMatch(/unclosed "\{\{" at line 2, column 6/);
  });

  it('lists a broken template of a configured default mapping among the preview errors instead of failing', async () => {
    // Given a default mapping in config/plugins.ts with an unclosed variable, and nothing saved
    app.strapi.config.set('plugin::instagram-publisher.mappings', { [ARTICLE]: baseMapping({ captionTemplate: 'New: {{title', firstCommentTemplate: '{{ not a name }}' }) });
    app.strapi.plugin('instagram-publisher').service('mappings').invalidate();
    try {
      // When the saved-mapping preview renders it
      const response = await preview({ uid: ARTICLE });
      // Then the preview answers, naming both templates' errors
      expect(response.status).toBe(200);
      expect(response.body.data.errors).toEqual(
        expect.arrayContaining([
          'The caption template of the mapping has an error: unclosed "{{" at character 6.',
          'The first comment template of the mapping has an error: "{{ not a name }}" is not a field name at character 1.',
        ]),
      );
    } finally {
      app.strapi.config.set('plugin::instagram-publisher.mappings', {});
      app.strapi.plugin('instagram-publisher').service('mappings').invalidate();
    }
  });

  describe('bodies Strapi’s parser would answer with a 500', () => {
    const json = JSON.stringify({ uid: ARTICLE });
    it.each([
      ['a gzip body', '/instagram-publisher/preview', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync(json), /Compressed request bodies/],
      ['a body that claims gzip but is not', '/instagram-publisher/preview', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, json, /Compressed request bodies/],
      ['a deflate body to a Meta callback', '/api/instagram-publisher/meta/deauthorize', { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'deflate' }, 'signed_request=x.y', /Compressed/],
      ['multipart without a boundary', '/instagram-publisher/settings', { 'Content-Type': 'multipart/form-data' }, '--x\r\n', /takes no file uploads/],
      ['multipart cut short', '/api/instagram-publisher/meta/data-deletion', { 'Content-Type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n', /takes no file uploads/],
    ])('answers 415 to %s', async (_name, path, headers, body, message) => {
      const call = path.includes('/settings') ? app.http().put(path) : app.http().post(path);
      const response = await call.set(path.startsWith('/api/') ? {} : auth).set(headers).send(body);
      expect(response.status).toBe(415);
      expect(response.body.error).toMatchObject({ status: 415, name: 'UnsupportedMediaTypeError', message: expect.stringMatching(message) });
    });

    it('leaves bodiless methods and plain JSON alone', async () => {
      expect((await app.http().get('/instagram-publisher/settings').set(auth).set('Content-Encoding', 'gzip')).status).toBe(200);
      expect((await preview({ uid: ARTICLE, mapping: baseMapping() })).status).toBe(200);
    });
  });
});
