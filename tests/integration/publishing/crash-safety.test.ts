import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Sandbox } from '../../sandbox';
import {
  ARTICLE,
  baseMapping,
  containerCalls,
  createArticle,
  jpeg,
  listPublications,
  publishArticle,
  publishCalls,
  putMappings,
  seedConnection,
  settled,
  startFastSandbox,
  FAST_SANDBOX,
  FAST_WORKER,
  freePort,
  startPublishingApp,
  waitFor,
  type PublishingApp,
} from './helpers';
import { createPostgresDatabase } from '../harness/postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('crash safety: resuming after a stop, and several workers on one database', () => {
  let sandbox: Sandbox;
  const apps: PublishingApp[] = [];

  beforeAll(async () => {
    sandbox = await startFastSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.set(FAST_SANDBOX);
  });
  afterEach(async () => {
    while (apps.length) await apps.pop()!.stop().catch(() => undefined);
  });

  it('a worker stopped after creating the container resumes on restart and publishes exactly once', async () => {
    // Given a container that takes 3 s to process
    sandbox.set({ containerProcessingMs: 3_000 });
    const first = await startPublishingApp(sandbox, { worker: { pollInitialImageMs: 500 } });
    apps.push(first);
    const connection = await seedConnection(first.strapi, sandbox);
    await putMappings(first, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
    const cover = await jpeg(first.strapi);
    const article = await createArticle(first.strapi, { title: 'Survives a restart', cover: cover.id });
    await publishArticle(first.strapi, article.documentId);
    // When the instance stops while Instagram is still processing (container id saved)
    const [inFlight] = await waitFor(async () => {
      const rows = await listPublications(first.strapi, { documentId: article.documentId });
      return rows[0]?.status === 'processing' && rows[0].state.containerId ? rows : null;
    });
    await first.stop({ keepDatabase: true });
    apps.pop();
    expect(containerCalls(sandbox)).toHaveLength(1);
    expect(publishCalls(sandbox)).toHaveLength(0);
    // And a new instance starts on the same database
    const second = await startPublishingApp(sandbox, { app: { databaseFile: first.app.databaseFile! } });
    apps.push(second);
    // Then it resumes from the saved container and publishes it once, without a new container
    const [done] = await settled(second.strapi, article.documentId, { timeoutMs: 20_000 });
    expect(done).toMatchObject({ id: inFlight.id, status: 'published' });
    expect(done.state.containerId).toBe(inFlight.state.containerId);
    expect(containerCalls(sandbox)).toHaveLength(1);
    expect(publishCalls(sandbox)).toHaveLength(1);
  });

  it('a publish committed just before the instance stops keeps its post: the next instance posts it once', async () => {
    // Given an instance whose worker never picks anything up
    const first = await startPublishingApp(sandbox, { worker: { enabled: false } });
    apps.push(first);
    const connection = await seedConnection(first.strapi, sandbox);
    await putMappings(first, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
    const cover = await jpeg(first.strapi);
    const article = await createArticle(first.strapi, { title: 'Committed, then stopped', cover: cover.id });
    // When an entry is published and the instance stops as soon as the publish has committed
    await publishArticle(first.strapi, article.documentId);
    await first.stop({ keepDatabase: true });
    apps.pop();
    expect(containerCalls(sandbox)).toHaveLength(0);
    // And a new instance starts on the same database (and, with mongoUri, the same MongoDB database)
    const second = await startPublishingApp(sandbox, { app: { databaseFile: first.app.databaseFile! } });
    apps.push(second);
    // Then the post queued with the publish is there, and goes out once
    const [done] = await settled(second.strapi, article.documentId, { timeoutMs: 20_000 });
    expect(done).toMatchObject({ status: 'published', trigger: 'publish', connectionId: connection.id });
    expect(publishCalls(sandbox)).toHaveLength(1);
  });

  it('a post that went out while the worker was stopped is found PUBLISHED after restart and never published again', async () => {
    // Given a media_publish that goes through but whose answer is lost, and a worker that then stalls
    const first = await startPublishingApp(sandbox, { worker: { leaseMs: 2_000, stopGraceMs: 100 } });
    apps.push(first);
    const connection = await seedConnection(first.strapi, sandbox);
    await putMappings(first, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
    sandbox.inject({ match: { method: 'POST', path: /\/media_publish$/ }, times: 1, afterEffect: true, dropConnection: true });
    const unsubscribe = sandbox.onCall((call) => {
      // The status read that follows the lost answer hangs: the instance is stopped during it.
      if (call.path.endsWith('/media_publish')) sandbox.inject({ match: { method: 'GET', path: /^\/\d+$/ }, times: 1, delayMs: 15_000 });
    });
    const cover = await jpeg(first.strapi);
    const article = await createArticle(first.strapi, { title: 'Went out during a crash', cover: cover.id });
    await publishArticle(first.strapi, article.documentId);
    await waitFor(async () => publishCalls(sandbox).length === 1, { what: 'media_publish' });
    unsubscribe();
    await sleep(300);
    const containerId = (containerCalls(sandbox)[0].response as any).id;
    expect(sandbox.getContainer(containerId)!.statusCode).toBe('PUBLISHED');
    // When the instance dies with the publication in "publishing"
    await first.stop({ keepDatabase: true });
    apps.pop();
    // And another instance starts on the same database once the lease lapses
    const second = await startPublishingApp(sandbox, { app: { databaseFile: first.app.databaseFile! } });
    apps.push(second);
    const [done] = await settled(second.strapi, article.documentId, { timeoutMs: 20_000 });
    // Then it read the container's status, found it PUBLISHED, and did not publish again
    expect(done.status).toBe('published');
    expect(publishCalls(sandbox)).toHaveLength(1);
    expect(containerCalls(sandbox)).toHaveLength(1);
    const posted = sandbox.listMedia(connection.instagramUserId).filter((media) => media.containerId === containerId);
    expect(posted).toHaveLength(1);
    expect(done).toMatchObject({ mediaId: posted[0].id, permalink: posted[0].permalink });
  });

  describe('on PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;

    beforeAll(async () => {
      database = await createPostgresDatabase();
    });
    afterAll(async () => {
      await database?.drop();
    });

    /** The other instance, in its own process on the same database. */
    const startWorkerProcess = async (env: Record<string, string>): Promise<ChildProcess> => {
      const port = await freePort();
      const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, 'worker-process.ts')], {
        env: { ...process.env, ...env, INSTAGRAM_SANDBOX_URL: sandbox.url, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, WORKER_CONFIG: JSON.stringify({ ...FAST_WORKER, concurrency: 1 }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker process did not start: ${output}`)), 60_000);
        child.stdout!.on('data', (chunk) => {
          output += chunk;
          if (output.includes('READY')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.stderr!.on('data', (chunk) => (output += chunk));
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`worker process exited with ${code}: ${output}`));
        });
      });
      return child;
    };

    it('a queue write that fails in SQL leaves the publish standing (its transaction stays usable)', async () => {
      // Given an instance on PostgreSQL whose queue insert fails inside the publish's transaction
      const one = await startPublishingApp(sandbox, { app: { env: database.env } });
      apps.push(one);
      const connection = await seedConnection(one.strapi, sandbox);
      await putMappings(one, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
      const store = (one.strapi.plugin('instagram-publisher').service('store') as any).get();
      const createMany = store.publications.createMany;
      store.publications.createMany = () => one.strapi.db.transaction(({ trx }) => trx.raw('INSERT INTO no_such_table VALUES (1)'));
      try {
        const cover = await jpeg(one.strapi);
        const article = await createArticle(one.strapi, { title: 'Published despite the queue', cover: cover.id });
        // When the entry is published
        const result = await publishArticle(one.strapi, article.documentId);
        // Then the publish commits (PostgreSQL would refuse it had the failed statement not been rolled back to a savepoint)
        expect(result.entries).toHaveLength(1);
        const live = await (one.strapi.documents(ARTICLE as any) as any).findOne({ documentId: article.documentId, status: 'published' });
        expect(live?.title).toBe('Published despite the queue');
        expect(await listPublications(one.strapi, { documentId: article.documentId })).toEqual([]);
      } finally {
        store.publications.createMany = createMany;
      }
    });

    it('two workers on one database publish each publication exactly once', async () => {
      // Given two instances on one PostgreSQL database, each with one worker slot
      const env = database.env;
      const one = await startPublishingApp(sandbox, { app: { env }, worker: { concurrency: 1 } });
      apps.push(one);
      const other = await startWorkerProcess(env);
      try {
        const connection = await seedConnection(one.strapi, sandbox);
        await putMappings(one, { [ARTICLE]: baseMapping({ connectionId: connection.id }) });
        // Each Graph call takes a while, as Meta's do: one worker cannot drain the queue before the
        // other's next poll, however loaded the machine is.
        sandbox.set({ latencyMs: 150 });
        // When eight entries are published
        const ids: string[] = [];
        for (let index = 0; index < 8; index += 1) {
          const cover = await jpeg(one.strapi, 1080, 1080 + index);
          ids.push((await createArticle(one.strapi, { title: `Shared ${index}`, cover: cover.id })).documentId);
        }
        await Promise.all(ids.map((documentId) => publishArticle(one.strapi, documentId)));
        // Then every publication is published once, with its own container and media
        const rows = await waitFor(
          async () => {
            const all = await listPublications(one.strapi, { uid: ARTICLE });
            return all.length === 8 && all.every((row) => row.status === 'published' && !row.leaseOwner) ? all : null;
          },
          { timeoutMs: 40_000, what: 'eight publications' },
        );
        expect(new Set(rows.map((row) => row.mediaId)).size).toBe(8);
        expect(containerCalls(sandbox)).toHaveLength(8);
        expect(publishCalls(sandbox)).toHaveLength(8);
        expect(new Set(publishCalls(sandbox).map((call) => (call.body as any).creation_id)).size).toBe(8);
        // And both instances took part (each posts media under its own public URL)
        const hosts = new Set(containerCalls(sandbox).map((call) => new URL((call.body as any).image_url).port));
        expect(hosts.size).toBe(2);
      } finally {
        sandbox.set({ latencyMs: 0 });
        other.kill('SIGTERM');
        await new Promise((resolve) => other.once('exit', resolve));
      }
    });
  });
});
