import http from 'node:http';
import type { Store } from '../../../server/src/store/types';
import { capturedLogs } from '../harness/logs';
import type { SandboxedApp } from '../harness/sandbox-app';
import { checkResponse, isRefusal, type WireResponse } from './checks';
import { examplesFor } from './examples';
import { restoreFixtures, type Fixtures } from './fixtures';
import { requestRng } from './prng';
import { buildRequest, describeRequest, type FuzzRequest } from './requests';
import type { FuzzRoute } from './routes';
import { changedParts, recordWrites, storedDigest } from './stored-data';

export interface FuzzFailure {
  index: number;
  request: string;
  status: number | null;
  problems: string[];
  body: string;
  /** What the server logged while answering. */
  logs: string;
}

export interface FuzzReport {
  sent: number;
  failures: FuzzFailure[];
  statuses: Record<string, number>;
  /** Statuses per route, to see that requests get past validation into the code behind it. */
  byRoute: Record<string, Record<string, number>>;
  refused: number;
  elapsedMs: number;
  stoppedEarly: boolean;
}

export interface FuzzOptions {
  env: SandboxedApp;
  store: Store;
  fixtures: Fixtures;
  routes: FuzzRoute[];
  seed: number;
  /** Indices of the requests to send (all of 0..n-1, or one to replay). */
  indices: number[];
  secrets: () => string[];
  budgetMs: number;
}

const BOGUS_AUTH = ['Bearer ', 'Bearer x', 'Bearer a.b.c', 'Bearer null', 'Basic Zm9vOmJhcg==', 'Bearer ' + 'x'.repeat(5000), 'Bearer \u00e9'];

/** Bytes of the request line and headers, which Node's HTTP parser caps at http.maxHeaderSize (16 KiB). */
const headBytes = (request: FuzzRequest, authorization: string | null) =>
  Buffer.byteLength(`${request.method} ${request.url} HTTP/1.1\r\n`) +
  Object.entries({ ...request.headers, ...(authorization ? { Authorization: authorization } : {}) }).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(`${name}: ${value}\r\n`),
    0
  );

/**
 * A head over the cap never reaches Strapi: Node's parser refuses it with 431. Node 24 (not 20
 * or 22, checked with 20 kB, 100 kB and 300 kB URLs) closes the socket while the client is still
 * sending a head of 100 kB or more, so the client sees a reset instead of the 431. Either way it is
 * a refusal by Node, counted as 431 so the "refusals change nothing" checks still apply.
 */
const refusedByNode = (error: unknown, request: FuzzRequest, authorization: string | null): WireResponse | null => {
  const code = (error as { code?: string } | null)?.code;
  if ((code === 'ECONNRESET' || code === 'EPIPE') && headBytes(request, authorization) > http.maxHeaderSize) {
    return { status: 431, text: '', headers: {} };
  }
  return null;
};

const send = async (options: FuzzOptions, route: FuzzRoute, request: FuzzRequest, bogusIndex: number): Promise<WireResponse> => {
  const agent = options.env.app.http() as unknown as Record<string, (url: string) => any>;
  let call = agent[request.method.toLowerCase()](request.url).timeout(20_000);
  const authorization =
    request.auth === 'privileged'
      ? `Bearer ${route.type === 'admin' ? options.env.admin.token : options.fixtures.apiToken}`
      : request.auth === 'end-user'
        ? `Bearer ${options.fixtures.userJwt}`
        : request.auth === 'bogus'
          ? BOGUS_AUTH[bogusIndex % BOGUS_AUTH.length].replace(/[^\x20-\x7e]/g, '?')
          : null;
  if (authorization !== null) call = call.set('Authorization', authorization);
  for (const [name, value] of Object.entries(request.headers)) call = call.set(name, value);
  if (request.wire.contentType !== null) call = call.set('Content-Type', request.wire.contentType);
  if (request.wire.body !== null) call = call.send(request.wire.body);
  try {
    const response = await call.ok(() => true);
    return { status: response.status, text: response.text ?? '', headers: response.headers };
  } catch (error) {
    const refusal = refusedByNode(error, request, authorization);
    if (refusal) return refusal;
    throw error;
  }
};

/**
 * Sends each request, checks the response, and for every refusal checks that the stored data is
 * unchanged and that nothing was inserted. After an accepted request that changed data, puts the
 * fixtures back so later requests still reach deep code.
 */
export const runFuzz = async (options: FuzzOptions): Promise<FuzzReport> => {
  const { env, store, fixtures, routes, seed } = options;
  const report: FuzzReport = { sent: 0, failures: [], statuses: {}, byRoute: {}, refused: 0, elapsedMs: 0, stoppedEarly: false };
  const writes = recordWrites(store);
  const started = Date.now();
  try {
    let before = await storedDigest(store, fixtures);
    for (const index of options.indices) {
      if (Date.now() - started > options.budgetMs) {
        report.stoppedEarly = true;
        break;
      }
      const rng = requestRng(seed, index);
      const route = routes[index % routes.length];
      const request = buildRequest(rng, route, fixtures, examplesFor(fixtures, rng));
      const label = `${route.method} ${route.path}`;
      writes.take();
      const logMark = capturedLogs().length;
      let response: WireResponse | null = null;
      const problems: string[] = [];
      try {
        response = await send(options, route, request, index);
      } catch (error) {
        problems.push(`no response: ${error instanceof Error ? error.message : String(error)}`);
      }
      report.sent += 1;
      const statusKey = response ? String(response.status) : 'none';
      report.statuses[statusKey] = (report.statuses[statusKey] ?? 0) + 1;
      const perRoute = (report.byRoute[label] ??= {});
      perRoute[statusKey] = (perRoute[statusKey] ?? 0) + 1;
      const secrets = options.secrets();
      if (response) problems.push(...checkResponse(response, secrets));
      if (process.env.FUZZ_TRACE) process.stdout.write(`#${index} ${statusKey} ${describeRequest(request).slice(0, 400)}\n  ${(response?.text ?? '').slice(0, 300)}\n`);
      const logs = capturedLogs().slice(logMark).join('');
      for (const secret of secrets) if (logs.includes(secret)) problems.push(`a secret is logged (${secret.slice(0, 4)}…)`);

      const calls = writes.take();
      const after = await storedDigest(store, fixtures);
      const changed = changedParts(before, after);
      if (response && isRefusal(response)) {
        report.refused += 1;
        if (changed.length) problems.push(`refused, yet stored ${changed.join(', ')} changed (store calls: ${calls.map((c) => c.name).join(', ') || 'none'})`);
        const inserts = calls.filter((c) => c.kind === 'insert');
        if (inserts.length) problems.push(`refused, yet wrote ${inserts.map((c) => c.name).join(', ')}`);
      }
      if (problems.length) {
        report.failures.push({ index, request: describeRequest(request), status: response?.status ?? null, problems, body: (response?.text ?? '').slice(0, 600), logs: logs.slice(0, 1500) });
      }
      if (changed.length) await restoreFixtures(env, fixtures);
      before = changed.length ? await storedDigest(store, fixtures) : after;
    }
  } finally {
    writes.stop();
    report.elapsedMs = Date.now() - started;
  }
  return report;
};
