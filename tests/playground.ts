/**
 * npm run develop — the playground: the Instagram sandbox on :4010 and the test app in
 * `strapi develop` pointed at it, so the whole connect-and-publish flow works without a
 * Meta app. Set INSTAGRAM_APP_ID / INSTAGRAM_APP_SECRET (and/or the FACEBOOK_ ones) and
 * PUBLIC_URL to talk to Meta instead.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startSandbox } from './sandbox';

const appDir = path.join(__dirname, 'app');
const useMeta = Boolean(process.env.INSTAGRAM_APP_ID || process.env.FACEBOOK_APP_ID);

const main = async () => {
  const sandbox = useMeta ? null : await startSandbox({ port: Number(process.env.SANDBOX_PORT ?? 4010), host: '127.0.0.1' });
  if (sandbox) {
    process.stdout.write(
      [
        '',
        `Instagram sandbox listening on ${sandbox.url}`,
        '  Connect an account from Settings → Instagram Publisher: the sandbox authorize page lets you pick a test account, approve or cancel.',
        '',
      ].join('\n')
    );
  }
  const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
  const child = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
    cwd: appDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(sandbox ? { INSTAGRAM_SANDBOX_URL: sandbox.url } : {}),
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: process.env.BROWSER ?? 'false',
    },
  });
  const stop = async () => {
    child.kill('SIGINT');
    await sandbox?.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code) => {
    await sandbox?.close();
    process.exit(code ?? 0);
  });
};

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
