import type { Core } from '@strapi/strapi';
import { createPublishHookMiddleware } from '../../../server/src/publishing/hook';
import type { Mapping } from '../../../server/src/publishing/mapping-schema';

type Context = Parameters<ReturnType<typeof createPublishHookMiddleware>>[0];

const ARTICLE = 'api::article.article';
const mapping = { enabled: true, autoPublish: true, connectionId: 'c1' } as Mapping;

/**
 * Just enough of Strapi for the hook: the two services it calls, a logger, and a database whose
 * transactions and savepoints are recorded in order with the hook's own calls.
 */
const fakeStrapi = (services: { getEnabled?: jest.Mock; enqueueFromPublish?: jest.Mock } = {}) => {
  const events: string[] = [];
  let depth = 0;
  const getEnabled = services.getEnabled ?? jest.fn(async (uid: string) => (uid === ARTICLE ? mapping : null));
  const enqueueFromPublish = services.enqueueFromPublish ?? jest.fn(async () => events.push(`enqueue (transaction ${depth > 0 ? 'open' : 'closed'})`));
  const log = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const strapi = {
    config: { get: () => ({ encryptionKey: Buffer.alloc(32, 7).toString('base64') }) },
    log,
    plugin: () => ({ service: (name: string) => (name === 'mappings' ? { getEnabled } : { enqueueFromPublish }) }),
    db: {
      inTransaction: () => depth > 0,
      transaction: async (work: (trx: unknown) => Promise<unknown>) => {
        depth += 1;
        events.push('begin');
        try {
          return await work({ trx: { raw: async (sql: string) => events.push(sql) } });
        } finally {
          depth -= 1;
          events.push('end');
        }
      },
    },
  } as unknown as Core.Strapi;
  return { strapi, events, log, getEnabled, enqueueFromPublish, inTransaction: () => depth > 0 };
};

const contextOf = (action: string, uid: string, params: Record<string, unknown> = { documentId: 'doc-1' }) => ({ action, uid, params, contentType: {} }) as unknown as Context;

describe('the publish hook', () => {
  it('passes other actions and non-api types through untouched', async () => {
    const fake = fakeStrapi();
    const middleware = createPublishHookMiddleware({ strapi: fake.strapi });
    for (const context of [contextOf('update', ARTICLE), contextOf('create', ARTICLE), contextOf('unpublish', ARTICLE), contextOf('publish', 'plugin::users-permissions.user')]) {
      const next = jest.fn(async () => ({ documentId: 'doc-1' }));
      await expect(middleware(context, next as never)).resolves.toEqual({ documentId: 'doc-1' });
      expect(next).toHaveBeenCalledTimes(1);
    }
    expect(fake.getEnabled).not.toHaveBeenCalled();
    expect(fake.events).toEqual([]);
  });

  it('passes the publish of an unmapped type, or of one mapped without auto-publishing, through untouched', async () => {
    const fake = fakeStrapi({ getEnabled: jest.fn().mockResolvedValueOnce(null).mockResolvedValueOnce({ ...mapping, autoPublish: false }) });
    const middleware = createPublishHookMiddleware({ strapi: fake.strapi });
    for (let i = 0; i < 2; i += 1) {
      const next = jest.fn(async () => ({ documentId: 'doc-1', entries: [{ locale: 'en' }] }));
      await middleware(contextOf('publish', ARTICLE), next as never);
      expect(next).toHaveBeenCalledTimes(1);
    }
    expect(fake.enqueueFromPublish).not.toHaveBeenCalled();
    expect(fake.events).toEqual([]);
  });

  it('publishes a mapped auto-publishing type and queues one row per published locale in the same transaction', async () => {
    // Given an article mapped to account c1 with auto-publishing
    const fake = fakeStrapi();
    const published = { documentId: 'doc-1', entries: [{ locale: 'en' }, { locale: 'fr' }, { locale: 'en' }] };
    const next = jest.fn(async () => {
      fake.events.push(`publish (transaction ${fake.inTransaction() ? 'open' : 'closed'})`);
      return published;
    });
    // When it is published
    const result = await createPublishHookMiddleware({ strapi: fake.strapi })(contextOf('publish', ARTICLE), next as never);
    // Then the publish and the rows share one transaction, the rows under a savepoint, and the publish result comes back
    expect(result).toBe(published);
    expect(fake.enqueueFromPublish).toHaveBeenCalledWith(ARTICLE, 'doc-1', ['en', 'fr'], 'c1');
    expect(fake.events).toEqual([
      'begin',
      'publish (transaction open)',
      'begin',
      'SAVEPOINT instagram_publisher_queue',
      'enqueue (transaction open)',
      'RELEASE SAVEPOINT instagram_publisher_queue',
      'end',
      'end',
    ]);
  });

  it('queues one row without a locale for an unlocalized type, taking the document id from the call when the result lacks it', async () => {
    const fake = fakeStrapi();
    await createPublishHookMiddleware({ strapi: fake.strapi })(contextOf('publish', ARTICLE, { documentId: 'doc-9' }), jest.fn(async () => ({ entries: [] })) as never);
    expect(fake.enqueueFromPublish).toHaveBeenCalledWith(ARTICLE, 'doc-9', [null], 'c1');

    const nothing = fakeStrapi();
    await createPublishHookMiddleware({ strapi: nothing.strapi })(contextOf('publish', ARTICLE, {}), jest.fn(async () => undefined) as never);
    expect(nothing.enqueueFromPublish).not.toHaveBeenCalled();
  });

  it('logs a failure to queue, rolls back to the savepoint and returns the publish result', async () => {
    // Given a queue that cannot be written
    const fake = fakeStrapi({ enqueueFromPublish: jest.fn().mockRejectedValue(new Error('disk full')) });
    const published = { documentId: 'doc-1', entries: [{ locale: 'en' }] };
    // When the article is published
    const result = await createPublishHookMiddleware({ strapi: fake.strapi })(contextOf('publish', ARTICLE), jest.fn(async () => published) as never);
    // Then the publish stands and the editor's way out is logged
    expect(result).toBe(published);
    expect(fake.events).toContain('ROLLBACK TO SAVEPOINT instagram_publisher_queue');
    expect(fake.events).not.toContain('RELEASE SAVEPOINT instagram_publisher_queue');
    expect(fake.log.error).toHaveBeenCalledWith(expect.stringMatching(/could not queue the Instagram post of api::article\.article doc-1; the entry is published.*: disk full$/));
  });

  it('publishes without queueing when the mapping cannot be read, and logs it', async () => {
    const fake = fakeStrapi({ getEnabled: jest.fn().mockRejectedValue(new Error('settings unreadable')) });
    const next = jest.fn(async () => ({ documentId: 'doc-1' }));
    await expect(createPublishHookMiddleware({ strapi: fake.strapi })(contextOf('publish', ARTICLE), next as never)).resolves.toEqual({ documentId: 'doc-1' });
    expect(next).toHaveBeenCalledTimes(1);
    expect(fake.events).toEqual([]);
    expect(fake.log.error).toHaveBeenCalledWith(expect.stringMatching(/could not read the Instagram mapping of api::article\.article; this publish queues no post/));
  });
});
