import { Cron } from 'croner';

/**
 * Strapi 5.54's cron service schedules string rules with croner (pinned to Strapi's version in
 * package.json) and `sloppyRanges: true`. A rule croner refuses is only logged by Strapi and the job
 * is dropped, so the plugin parses the rule the same way at start-up and refuses it loudly instead.
 */
const STRAPI_CRON_OPTIONS = { sloppyRanges: true } as const;

export type CronRuleCheck = { ok: true; nextRunAt: Date } | { ok: false; reason: string };

/** Parses a rule as Strapi's cron would; a rule that never fires again is refused too. */
export const checkCronRule = (rule: string, from: Date = new Date()): CronRuleCheck => {
  let job: Cron | undefined;
  try {
    // No callback: croner only computes run times, nothing is scheduled.
    job = new Cron(rule, { ...STRAPI_CRON_OPTIONS, paused: true });
    const next = job.nextRun(from);
    if (!next) return { ok: false, reason: 'never runs: no date matches this rule' };
    return { ok: true, nextRunAt: next };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    job?.stop();
  }
};
