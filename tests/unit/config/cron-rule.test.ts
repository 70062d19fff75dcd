import path from 'node:path';
import { checkCronRule } from '../../../server/src/config/cron-rule';

interface StrapiCron {
  add(tasks: Record<string, { task: () => void; options: { rule: string } }>): unknown;
  jobs: Array<{ name: string | null; job: { nextInvocation(): Date | null } }>;
  destroy(): void;
}

/** Strapi 5.54's own cron service, as `strapi.cron` is built from it. */
const createStrapiCron = (): StrapiCron =>
  require(path.join(path.dirname(require.resolve('@strapi/core/package.json')), 'dist/services/cron.js'))();

describe('refresh.cron is checked with the parser Strapi schedules it with', () => {
  const logged: string[] = [];
  beforeAll(() => {
    // Strapi's cron logs a rule it cannot parse through the global strapi and drops the job.
    (globalThis as any).strapi = { log: { error: (message: string) => logged.push(message) } };
  });
  afterAll(() => {
    delete (globalThis as any).strapi;
  });

  it.each(['0 3 * * *', '*/30 * * * *', '0 0 3 * * *', '@daily', '5/15 * * * *', '0 3 * * 1-5', '0 3 * * MON'])(
    'accepts "%s", which Strapi schedules, and agrees on its next run',
    (rule) => {
      const cron = createStrapiCron();
      cron.add({ job: { task: () => undefined, options: { rule } } });
      const check = checkCronRule(rule);
      expect(cron.jobs).toHaveLength(1);
      expect(check).toEqual({ ok: true, nextRunAt: cron.jobs[0].job.nextInvocation() });
      cron.destroy();
    }
  );

  it.each(['every day at 3', '61 * * * *', '0 25 * * *', '0 3 * *', '* * * * * * * *'])(
    'refuses "%s", which Strapi would only log and drop',
    (rule) => {
      const cron = createStrapiCron();
      logged.length = 0;
      cron.add({ job: { task: () => undefined, options: { rule } } });
      // Strapi: one log line, no job, start-up goes on without token refresh
      expect(cron.jobs).toHaveLength(0);
      expect(logged).toEqual([expect.stringMatching(/Could not schedule cron job "job": invalid schedule/)]);
      // The plugin: a reason the config validator turns into a start-up error
      expect(checkCronRule(rule)).toEqual({ ok: false, reason: expect.any(String) });
      cron.destroy();
    }
  );

  it('refuses a rule that parses but never fires (Strapi would keep a job that never runs)', () => {
    expect(checkCronRule('0 3 30 2 *')).toEqual({ ok: false, reason: 'never runs: no date matches this rule' });
  });
});
