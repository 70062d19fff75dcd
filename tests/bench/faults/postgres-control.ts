/**
 * Stopping PostgreSQL for an outage, and making sure it always comes back: on the normal path, in
 * an exit handler (crash, Ctrl-C, SIGTERM), and through a detached guard process that starts the
 * cluster again after a bound even if this process is killed with -9.
 *
 * The cluster is `main` of the version in /etc/postgresql, on port 5432, as on every machine and
 * in CI. On a shared machine BENCH_PG_CLUSTER / BENCH_PG_PORT point the outage at a cluster of its
 * own (`pg_createcluster 15 faults -p 5433 --start -- --auth=trust`), so other work on `main` goes on.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const postgresTarget = () => {
  const versions = fs.readdirSync('/etc/postgresql').filter((name) => /^\d+$/.test(name));
  if (versions.length === 0) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return {
    version: process.env.BENCH_PG_VERSION ?? versions.sort((a, b) => Number(b) - Number(a))[0],
    cluster: process.env.BENCH_PG_CLUSTER ?? 'main',
    port: Number(process.env.BENCH_PG_PORT ?? 5432),
  };
};

const ctl = (action: 'start' | 'stop') => {
  const { version, cluster } = postgresTarget();
  const args = ['--skip-systemctl-redirect', ...(action === 'stop' ? ['-m', 'fast'] : []), version, cluster, action];
  return spawnSync('pg_ctlcluster', args, { encoding: 'utf8', timeout: 60_000 });
};

export const postgresIsUp = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(postgresTarget().port), '-q'], { timeout: 10_000 }).status === 0;

/** Starts the cluster when it is not accepting connections; safe to call from an exit handler (synchronous). */
export const ensurePostgresUp = (): boolean => {
  if (postgresIsUp()) return true;
  ctl('start');
  for (let tries = 0; tries < 50 && !postgresIsUp(); tries += 1) spawnSync('sleep', ['0.2']);
  return postgresIsUp();
};

let armed = false;
const onSignal = (signal: NodeJS.Signals) => {
  ensurePostgresUp();
  process.exit(signal === 'SIGINT' ? 130 : 143);
};

/** From here on, this process never leaves PostgreSQL down, whatever way it ends. */
const arm = () => {
  if (armed) return;
  armed = true;
  process.on('exit', () => ensurePostgresUp());
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', (error) => {
    process.stderr.write(`uncaught exception during the outage bench: ${error.stack ?? error}\n`);
    ensurePostgresUp();
    process.exit(2);
  });
};

/**
 * Stops the cluster now; `start()` brings it back. A detached guard starts it anyway `guardMs`
 * after the stop, should this process die in any way that runs no handler.
 */
export const stopPostgres = (guardMs: number) => {
  arm();
  const { version, cluster, port } = postgresTarget();
  const guard = spawn(
    'sh',
    ['-c', `sleep ${Math.ceil(guardMs / 1000)}; pg_isready -h 127.0.0.1 -p ${port} -q || pg_ctlcluster --skip-systemctl-redirect ${version} ${cluster} start`],
    { detached: true, stdio: 'ignore' },
  );
  guard.unref();
  const stopped = ctl('stop');
  if (stopped.status !== 0 || postgresIsUp()) {
    ensurePostgresUp();
    throw new Error(`could not stop PostgreSQL ${version}/${cluster}: ${stopped.stderr || stopped.stdout}`);
  }
  return {
    start() {
      const up = ensurePostgresUp();
      // The guard is ours (its pid): no longer needed once the cluster is back.
      if (guard.pid) {
        try {
          process.kill(-guard.pid);
        } catch {
          // Already gone.
        }
      }
      if (!up) throw new Error(`PostgreSQL ${version}/${cluster} did not come back`);
    },
  };
};

const adminClient = () => new Client({ host: '127.0.0.1', port: postgresTarget().port, user: 'postgres', database: 'postgres' });

/** A throwaway database on the outage's cluster, and the env that points the test app at it. */
export const createOutageDatabase = async () => {
  const name = `instagram_publisher_faults_${randomBytes(4).toString('hex')}`;
  const client = adminClient();
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    name,
    env: { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name, DATABASE_PORT: String(postgresTarget().port), DATABASE_POOL_MAX: '4' } as Record<string, string>,
    async drop() {
      if (!ensurePostgresUp()) return;
      const dropper = adminClient();
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
};
