/**
 * One fault mode in a process of its own (`run-mode.ts chaos|outage|slow`): a mode that takes
 * its process down cannot take the others with it. Writes tests/bench/.results/faults-<mode>.json,
 * prints the figures, and exits 1 when an invariant was violated (never for a timing ratio).
 */
import { compileTestApp } from '../../integration/harness/strapi';
import { runMain } from '../../integration/harness/run-main';
import { runChaos } from './chaos';
import { runOutage } from './outage';
import { summary, violations, writeResult, type Figure } from './results';
import { sizes } from './sizes';
import { runSlow } from './slow';

export const MODES = ['chaos', 'outage', 'slow'] as const;
export type Mode = (typeof MODES)[number];

const log = (line: string) => process.stdout.write(`${line}\n`);
// Strapi prints its banner on listen(), after the harness has put the environment back.
process.env.STRAPI_HIDE_STARTUP_MESSAGE = 'true';

const main = async () => {
  const mode = process.argv[2] as Mode;
  if (!MODES.includes(mode)) throw new Error(`unknown mode "${mode}": use one of ${MODES.join(', ')}`);
  const size = sizes();
  await compileTestApp();
  const startedAt = new Date().toISOString();
  log(`faults-${mode}: ${size.size} size`);
  const run = mode === 'chaos' ? runChaos(size.chaos, log) : mode === 'outage' ? runOutage(size.outage, log) : runSlow(size.slow, log);
  const { config, figures } = await run;
  const result = { bench: `faults-${mode}`, startedAt, finishedAt: new Date().toISOString(), config: { size: size.size, ...config }, figures: figures as Figure[] };
  const file = writeResult(result);
  log(summary(result));
  log(`  written to ${file}`);
  const failed = violations(result);
  if (failed.length) {
    log(`faults-${mode}: ${failed.length} invariant(s) violated: ${failed.map((figure) => figure.name).join('; ')}`);
    process.exitCode = 1;
  }
};

runMain(async () => {
  await main();
  if (process.exitCode) process.exit(process.exitCode);
});
