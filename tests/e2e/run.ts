/**
 * Browser tests: Debian's Chromium driven by playwright-core against the test app (admin
 * build served by Strapi) and the Instagram sandbox. Self-contained for `npm run test:e2e`:
 * builds what is stale, starts and stops everything, prints one line per scenario and a
 * closing "N passed, M failed" line, and exits non-zero on any failure.
 * Screenshots of each screen go to tests/e2e/screenshots/ (git-ignored).
 */
import { performance } from 'node:perf_hooks';
import { registerFirstAdmin, SUPER_ADMIN } from './lib/admin-api';
import { launchBrowser, loginThroughUi, newContext, screenshot } from './lib/browser';
import { ensureBuilt } from './lib/build';
import type { E2EContext, Scenario } from './lib/context';
import { startStack, type Stack } from './lib/stack';
import { accountInsightsScenario } from './scenarios/account-insights';
import { cancelScenario } from './scenarios/cancel';
import { composeScenario } from './scenarios/compose';
import { connectScenario } from './scenarios/connect';
import { connectionHealthScenario } from './scenarios/connection-health';
import { editorScenario } from './scenarios/editor';
import { endUserFacebookScenario, endUserScenario } from './scenarios/end-user';
import { endUserConnectionsScenario } from './scenarios/end-user-connections';
import { noAccountScenario } from './scenarios/no-account';
import { pagePickerScenario } from './scenarios/page-picker';
import { postNumbersScenario } from './scenarios/post-numbers';
import { publishScenario } from './scenarios/publish';
import { retryDuplicateScenario } from './scenarios/retry-duplicate';
import { scheduleScenario } from './scenarios/schedule';

// In order: each scenario starts from what the previous ones left (accounts, mappings, posts);
// the last one disconnects every account.
const SCENARIOS: Scenario[] = [
  connectScenario,
  connectionHealthScenario,
  cancelScenario,
  publishScenario,
  scheduleScenario,
  composeScenario,
  retryDuplicateScenario,
  editorScenario,
  postNumbersScenario,
  pagePickerScenario,
  endUserConnectionsScenario,
  accountInsightsScenario,
  noAccountScenario,
  // The app's own users, on the reference page (tests/app/public/example-app/): their accounts
  // and posts are theirs alone, so they run last and leave the admin side as it was.
  endUserScenario,
  endUserFacebookScenario,
];
const SCENARIO_TIMEOUT_MS = 180_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${seconds(ms)}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });

const main = async () => {
  const started = performance.now();
  // E2E_ONLY (or the arguments): one or more comma-separated parts of scenario names, e.g.
  // `connects,publishing,after the post` for a scenario with the ones it builds on.
  const only = [process.env.E2E_ONLY ?? '', ...process.argv.slice(2)]
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
  const selected = only.length ? SCENARIOS.filter((scenario) => only.some((part) => scenario.name.toLowerCase().includes(part))) : SCENARIOS;

  ensureBuilt();

  let stack: Stack | null = null;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  const results: Array<{ name: string; ok: boolean; ms: number; error?: string }> = [];
  try {
    const bootStarted = performance.now();
    stack = await startStack();
    browser = await launchBrowser();
    const adminToken = await registerFirstAdmin(stack.url);
    const adminContext = await newContext(browser);
    const admin = await adminContext.newPage();
    await loginThroughUi(admin, stack.url, SUPER_ADMIN);
    process.stdout.write(`e2e: app, sandbox and browser ready in ${seconds(performance.now() - bootStarted)} (${stack.url})\n`);

    const context: E2EContext = { stack, browser, admin, adminToken, shot: screenshot };
    for (const scenario of selected) {
      const scenarioStarted = performance.now();
      try {
        await withTimeout(scenario.run(context), SCENARIO_TIMEOUT_MS, scenario.name);
        results.push({ name: scenario.name, ok: true, ms: performance.now() - scenarioStarted });
        process.stdout.write(`  ✓ ${scenario.name} (${seconds(performance.now() - scenarioStarted)})\n`);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n      ') : String(error);
        results.push({ name: scenario.name, ok: false, ms: performance.now() - scenarioStarted, error: message });
        process.stdout.write(`  ✗ ${scenario.name} (${seconds(performance.now() - scenarioStarted)})\n      ${message}\n`);
        await screenshot(admin, `failed-${results.length}`).catch(() => undefined);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  }

  const passed = results.filter((result) => result.ok).length;
  const failed = results.length - passed + (selected.length - results.length);
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed in ${seconds(performance.now() - started)}\n`);
  return failed === 0 ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stdout.write(`e2e: setup failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.stdout.write(`e2e: 0 passed, ${SCENARIOS.length} failed\n`);
    process.exit(1);
  }
);
