import { createAdminSession } from './harness/admin';
import { createPostgresDatabase } from './harness/postgres';
import { startTestApp, type TestApp } from './harness/strapi';
import { ARTICLE, baseMapping } from './publishing/helpers';

/**
 * PostgreSQL refuses what SQLite takes (an id past the integer range, a NUL character, a lone
 * surrogate in JSON) with an error that used to surface as a 500 (found by tests/integration/fuzz
 * on PostgreSQL). Both databases now answer the same 4xx.
 */
describe.each(['sqlite', 'postgres'])('ids and text the database cannot take, on %s', (database) => {
  let app: TestApp;
  let auth: Record<string, string>;
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;

  beforeAll(async () => {
    postgres = database === 'postgres' ? await createPostgresDatabase() : null;
    app = await startTestApp({ env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true', ...postgres?.env } });
    ({ auth } = await createAdminSession(app.strapi));
  });
  afterAll(async () => {
    await app?.stop();
    await postgres?.drop();
  });

  it.each([
    ['DELETE', '/instagram-publisher/connections/9007199254740993'],
    ['POST', '/instagram-publisher/connections/2147483648/refresh'],
    ['POST', '/instagram-publisher/publications/99999999999/retry'],
    ['POST', '/instagram-publisher/publications/2147483648/cancel'],
  ])('answers 404 to %s %s, an id past the integer range', async (method, path) => {
    const response = await (method === 'DELETE' ? app.http().delete(path) : app.http().post(path)).set(auth);
    expect(response.status).toBe(404);
  });

  it.each([
    ['a NUL in a caption template', { captionTemplate: '{{title}}\u0000' }, 'captionTemplate'],
    ['a lone surrogate in a first comment template', { firstCommentTemplate: 'Hi \ud800' }, 'firstCommentTemplate'],
    ['a NUL in the account id', { connectionId: '1\u0000' }, 'connectionId'],
  ])('refuses %s in PUT /settings with 400 naming the field, and stores nothing', async (_name, patch, field) => {
    const response = await app.http().put('/instagram-publisher/settings').set(auth).send({ mappings: { [ARTICLE]: baseMapping(patch) } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors[0]).toMatchObject({ path: ['mappings', ARTICLE, field], message: expect.stringMatching(/NUL characters or broken Unicode/) });
    expect((await app.http().get('/instagram-publisher/settings').set(auth)).body.data.mappings).toEqual({});
  });

  it('refuses a NUL in a one-off caption, and in the account filter of the list', async () => {
    const create = await app.http().post('/instagram-publisher/publications').set(auth).send({ uid: ARTICLE, documentId: 'abc', caption: 'Hello\u0000' });
    expect(create.status).toBe(400);
    expect(create.body.error.message).toMatch(/caption: must not contain NUL characters/);
    const list = await app.http().get('/instagram-publisher/publications?connectionId=a%00b').set(auth);
    expect(list.status).toBe(400);
    expect(list.body.error.message).toMatch(/connectionId: must not contain NUL characters/);
  });
});
