/**
 * Standalone sandbox for the playground: `SANDBOX_PORT=4010 SANDBOX_VERBOSE=1 node -r @swc-node/register tests/sandbox/cli.ts`.
 * The only place in the sandbox that prints: the banner and, when verbose, one line per call.
 */
import { startSandbox } from './index';

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    port: Number(process.env.SANDBOX_PORT ?? 4010),
    host: process.env.SANDBOX_HOST ?? '127.0.0.1',
    latencyMs: process.env.SANDBOX_LATENCY_MS ? Number(process.env.SANDBOX_LATENCY_MS) : undefined,
  });
  const o = sandbox.options;
  const e = sandbox.endpoints;
  const lines = [
    `Instagram sandbox listening on ${sandbox.url}`,
    `  Instagram authorize  ${e.instagramAuthorize}`,
    `  Instagram API        ${e.instagramApi}`,
    `  Instagram Graph      ${e.instagramGraph}`,
    `  Facebook dialog      ${e.facebookDialog}`,
    `  Facebook Graph       ${e.facebookGraph}`,
    `  Instagram app        id=${o.instagramApp.appId} secret=${o.instagramApp.appSecret}`,
    `  Facebook app         id=${o.facebookApp.appId} secret=${o.facebookApp.appSecret}`,
    `  Accounts             ${sandbox.accounts
      .listInstagramAccounts()
      .map((a) => `@${a.username}${a.instagramLogin ? '' : ' (via Page)'}`)
      .join(', ')}`,
  ];
  console.log(lines.join('\n'));

  if (process.env.SANDBOX_VERBOSE === '1') {
    sandbox.onCall((c) => {
      const fault = c.fault ? ` [fault: ${c.fault}]` : '';
      console.log(`${new Date().toISOString()} ${c.method} ${c.api}${c.version ? ` ${c.version}` : ''} ${c.path} → ${c.status} (${c.durationMs} ms)${fault}`);
    });
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
