/** Test factories: a client wired to a FakeGraph, with recorded sleeps and log lines. */
import type { Account } from '../../../server/src/instagram/account-calls';
import { createGraphClient, type GraphClientOptions } from '../../../server/src/instagram/client';
import type { FakeGraph } from './fake-graph';

export const IG_APP = { appId: 'ig-app-1001', appSecret: 'ig-app-secret-test' };
export const FB_APP = { appId: 'fb-app-2002', appSecret: 'fb-app-secret-test' };
export const USER_TOKEN = 'test-token-abc';
export const PAGE_TOKEN = 'test-page-token-def';
export const AUTH_CODE = 'test-auth-code-ghi';

export const makeClient = (fake: FakeGraph, overrides: Partial<GraphClientOptions> = {}) => {
  const sleeps: number[] = [];
  const logs: Array<{ level: 'debug' | 'warn'; msg: string }> = [];
  // The rate governor's clock moves with the injected sleeps, as real time would.
  let clock = Date.UTC(2026, 0, 1);
  const client = createGraphClient({
    endpoints: fake.endpoints,
    graphApiVersion: 'v24.0',
    instagramApp: IG_APP,
    facebookApp: FB_APP,
    timeoutMs: 2000,
    retry: { retries: 3, baseDelayMs: 100, maxDelayMs: 5000 },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    logger: {
      debug: (msg) => logs.push({ level: 'debug', msg }),
      warn: (msg) => logs.push({ level: 'warn', msg }),
    },
    ...overrides,
  });
  return { client, sleeps, logs, logText: () => logs.map((l) => l.msg).join('\n') };
};

export const igAccount = (overrides: Partial<Account> = {}): Account => ({
  host: 'instagram',
  igUserId: '17841400000000001',
  accessToken: USER_TOKEN,
  ...overrides,
});

export const fbAccount = (overrides: Partial<Account> = {}): Account => ({
  host: 'facebook',
  igUserId: '17841400000000002',
  accessToken: PAGE_TOKEN,
  ...overrides,
});
