/**
 * A second Strapi instance in its own process (Strapi keeps process-wide registries, so two
 * live instances cannot share one): boots the test app with the environment it is given,
 * prints "ready", runs the token refresh job when it reads "run" on stdin, prints the
 * summary as JSON, and exits.
 */
import readline from 'node:readline';
import { startTestApp } from './strapi';
import { runMain } from './run-main';

const main = async () => {
  const app = await startTestApp({ env: { STRAPI_LOG_LEVEL: 'error' } });
  process.stdout.write('ready\n');
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'run') continue;
    const summary = await app.strapi.plugin('instagram-publisher').service('tokenRefresh').run();
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    break;
  }
  await app.stop();
};

runMain(main);
