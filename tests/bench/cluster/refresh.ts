import type { Figure } from '../results';
import type { Cluster } from './cluster';

interface RefreshSummary {
  outcomes: { refreshed: number };
  claimedElsewhere: number;
  durationMs: number;
}

const refreshCalls = (cluster: Cluster) =>
  cluster.sandbox.send<{ calls: Array<{ token: string | null }> }>({ calls: { pathEndsWith: '/refresh_access_token' } }).then(({ calls }) => calls);

/**
 * Starts a token refresh run on every instance at the same moment and checks, in the sandbox's
 * call log, that each of the `due` tokens was refreshed exactly once between them.
 */
export const refreshFromAllInstances = async (cluster: Cluster, due: number) => {
  const before = (await refreshCalls(cluster)).length;
  const summaries = (await Promise.all(cluster.instances.map((instance) => instance.request('refreshTokens', undefined)))) as RefreshSummary[];
  const calls = (await refreshCalls(cluster)).slice(before);
  const distinct = new Set(calls.map((call) => call.token)).size;
  const refreshed = summaries.map((summary) => summary.outcomes.refreshed);
  const ok = calls.length === due && distinct === due && refreshed.reduce((a, b) => a + b, 0) === due;
  const figures: Figure[] = [
    { name: `token refresh calls (${summaries.length} instances at once)`, value: calls.length, unit: 'calls', target: `= ${due} due tokens`, pass: calls.length === due, note: `refreshed per instance: ${refreshed.join(' + ')}` },
    { name: 'tokens refreshed more than once', value: calls.length - distinct, unit: 'tokens', target: '= 0', pass: calls.length === distinct },
    { name: 'token refresh run (slowest instance)', value: Math.max(...summaries.map((summary) => summary.durationMs)) / 1000, unit: 's' },
  ];
  return { ok, figures };
};
