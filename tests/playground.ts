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
  // Strapi in development names itself localhost (publicUrl's default), and Meta's callback comes
  // back there: open the example app on the same host, so its returnTo is one of endUsers.returnUrls.
  const appUrl = (process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 1337}`).replace(/\/+$/, '');
  process.stdout.write(
    [
      '',
      ...(sandbox
        ? [
            `Instagram sandbox listening on ${sandbox.url}`,
            '  Connect an account from Settings → Instagram Publisher: the sandbox authorize page lets you pick a test account, approve or cancel.',
          ]
        : []),
      `Example app for your users: ${appUrl}/example-app/`,
      '  Sign up as an app user, connect an Instagram account and publish a picture (README: "Let your app\'s users connect their Instagram").',
      '',
    ].join('\n')
  );
  const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
  const child = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
    cwd: appDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      ...(sandbox ? { INSTAGRAM_SANDBOX_URL: sandbox.url } : {}),
      STRAPI_TELEMETRY_DISABLED: 'true',
      // The example app's users may call the plugin's /me routes at once (tests/app/src/index.ts).
      EXAMPLE_APP_GRANTS: process.env.EXAMPLE_APP_GRANTS ?? 'true',
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
