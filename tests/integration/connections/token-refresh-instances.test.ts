import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Store } from '../../../server/src/store/types';
import { startSandbox, type Sandbox } from '../../sandbox';
import { REPO_ROOT } from '../harness/paths';
import { createPostgresDatabase } from '../harness/postgres';
import { startTestApp, type TestApp } from '../harness/strapi';
import { connectionFactory } from '../store/contract';

const DAY = 86_400_000;

/** Starts the other instance in its own process and resolves once it has booted. */
const startOtherInstance = (env: Record<string, string>) =>
  new Promise<{ child: ChildProcessWithoutNullStreams; nextLine: () => Promise<string> }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, '..', 'harness', 'refresh-instance.ts')], {
      env: { ...process.env, ...env },
    });
    const lines = readline.createInterface({ input: child.stdout });
    const queue: string[] = [];
    const waiting: Array<(line: string) => void> = [];
    lines.on('line', (line) => {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else queue.push(line);
    });
    const nextLine = () => new Promise<string>((done) => (queue.length ? done(queue.shift()!) : waiting.push(done)));
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => code && reject(new Error(`other instance exited with ${code}: ${stderr.slice(-2000)}`)));
    (async () => {
      for (;;) if ((await nextLine()) === 'ready') return resolve({ child, nextLine });
    })();
  });

describe('token refresh across Strapi instances (PostgreSQL)', () => {
  let sandbox: Sandbox;
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let app: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    database = await createPostgresDatabase();
    app = await startTestApp({ env: { ...database.env, INSTAGRAM_SANDBOX_URL: sandbox.url, INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
    await sandbox?.close();
  });

  it('refreshes each due token exactly once when two instances run the job at once', async () => {
    // Given 40 due Instagram Login connections in the shared database
    const store = app.strapi.plugin('instagram-publisher').service('store').get() as Store;
    const now = Date.now();
    const seeded = [];
    for (let i = 0; i < 40; i += 1) {
      const account = sandbox.accounts.addInstagramAccount({ username: `multi_${i}` });
      const token = sandbox.issueToken({ kind: 'instagram', account: account.username, issuedAt: now - 40 * DAY, expiresAt: now + 5 * DAY });
      seeded.push(
        await store.connections.upsertByInstagramUserId(
          connectionFactory({
            instagramUserId: account.userId,
            accessToken: token.accessToken,
            tokenIssuedAt: new Date(now - 40 * DAY),
            tokenExpiresAt: new Date(now + 5 * DAY),
            lastSyncedAt: new Date(now),
          })
        )
      );
    }
    // And a second Strapi instance, in its own process, on the same database
    const other = await startOtherInstance({ ...database.env, INSTAGRAM_SANDBOX_URL: sandbox.url, INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' });
    sandbox.set({ latencyMs: 30 });
    sandbox.clearCalls();

    // When both instances run the job at the same moment
    other.child.stdin.write('run\n');
    const [mine, theirs] = await Promise.all([
      app.strapi.plugin('instagram-publisher').service('tokenRefresh').run(),
      other.nextLine().then((line) => JSON.parse(line)),
    ]);

    // Then every token was refreshed exactly once between them
    expect(sandbox.count({ path: '/refresh_access_token' })).toBe(40);
    expect(mine.outcomes.refreshed + theirs.outcomes.refreshed).toBe(40);
    for (const connection of seeded) {
      const after = await store.connections.findById(connection.id);
      expect(after?.accessToken).not.toBe(connection.accessToken);
      expect(after?.refreshLockedUntil).toBeNull();
    }
  });
});
