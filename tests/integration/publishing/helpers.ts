import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { makeJpeg, makeMp4, makePng } from '../../sandbox/fixtures';
import { createAdminSession } from '../harness/admin';
import { startTestApp, type StartOptions, type TestApp } from '../harness/strapi';
import { freePort } from '../harness/ports';
import { mergePluginConfig } from '../harness/plugin-config';

export { freePort };

export const ARTICLE = 'api::article.article';
export const PLUGIN = 'plugin::instagram-publisher';

/** Short intervals so the suite runs in seconds; the behaviour is the production code's. */
export const FAST_WORKER = {
  pollInitialImageMs: 100,
  pollInitialVideoMs: 150,
  pollFactor: 1.5,
  pollMaxMs: 400,
  retryBaseMs: 100,
  retryMaxMs: 400,
  scanIntervalMs: 250,
  leaseMs: 10_000,
  quotaCacheMs: 0,
  stopGraceMs: 2_000,
};


export const setWorkerConfig = (strapi: Core.Strapi, worker: Record<string, unknown>) => mergePluginConfig(strapi, { worker });

export interface PublishingApp {
  app: TestApp;
  strapi: Core.Strapi;
  auth: Record<string, string>;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * Boots the test app listening on a port known before boot, so PUBLIC_URL (and therefore every
 * media URL the sandbox downloads) points at the app itself.
 */
export const startPublishingApp = async (
  sandbox: Sandbox,
  { worker = {}, app: appOptions = {} }: { worker?: Record<string, unknown>; app?: StartOptions } = {},
): Promise<PublishingApp> => {
  const port = await freePort();
  const app = await startTestApp({
    ...appOptions,
    listen: true,
    env: { INSTAGRAM_SANDBOX_URL: sandbox.url, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...appOptions.env },
    // Before bootstrap, so the worker starts with the test intervals.
    configure: (strapi) => setWorkerConfig(strapi, { ...FAST_WORKER, ...worker }),
  });
  const { auth } = await createAdminSession(app.strapi);
  return { app, strapi: app.strapi, auth, stop: (options) => app.stop(options) };
};

export const FAST_SANDBOX: SandboxOptions = { containerProcessingMs: 150, videoProcessingMs: 250 };

/**
 * One sandbox per test file: the test app's config/plugins.ts reads INSTAGRAM_SANDBOX_URL once per
 * process (module scope), so every app booted in a file talks to the first sandbox. Reset it between tests.
 */
export const startFastSandbox = (options: SandboxOptions = {}) => startSandbox({ ...FAST_SANDBOX, ...options });

const store = (strapi: Core.Strapi) => (strapi.plugin('instagram-publisher').service('store') as any).get();

/** A connection as the OAuth flow would save it, with a token the sandbox issued for the account. */
export const seedConnection = async (strapi: Core.Strapi, sandbox: Sandbox, account = 'sandbox_brand', patch: Record<string, unknown> = {}) => {
  const token = sandbox.issueToken({ kind: 'instagram', account });
  const igAccount = sandbox.accounts.getInstagramAccount(account)!;
  const now = new Date();
  return store(strapi).connections.upsertByInstagramUserId({
    userId: '1',
    connectedByName: 'Test Admin',
    instagramUserId: igAccount.userId,
    loginKind: 'instagram',
    pageId: null,
    pageName: null,
    appScopedUserId: igAccount.appScopedId,
    accessToken: token.accessToken,
    userAccessToken: null,
    tokenIssuedAt: now,
    tokenExpiresAt: new Date(now.getTime() + 50 * 86_400_000),
    dataAccessExpiresAt: null,
    profile: { username: igAccount.username, name: null, accountType: igAccount.accountType, profilePictureUrl: null, biography: null, website: null, followersCount: null, followsCount: null, mediaCount: null },
    scopes: token.scopes,
    status: 'active',
    isActive: true,
    lastError: null,
    connectedAt: now,
    lastSyncedAt: null,
    lastRefreshedAt: null,
    refreshLockedUntil: null,
    ...patch,
  });
};

export const getConnection = (strapi: Core.Strapi, id: string) => store(strapi).connections.findById(id);
export const getPublication = (strapi: Core.Strapi, id: string) => store(strapi).publications.findById(id);
export const listPublications = async (strapi: Core.Strapi, query: Record<string, unknown> = {}) =>
  (await store(strapi).publications.list({ page: 1, pageSize: 100, ...query })).results as any[];

/** Puts a file in the Media Library through Strapi's upload service, as an editor's upload would. */
export const uploadFile = async (strapi: Core.Strapi, body: Buffer, name: string, mimetype: string, alternativeText?: string) => {
  const filepath = path.join(os.tmpdir(), `ig-test-${randomBytes(6).toString('hex')}-${name}`);
  await fs.writeFile(filepath, body);
  try {
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { name, alternativeText: alternativeText ?? null } }, files: { filepath, originalFilename: name, mimetype, size: body.length } });
    return file as { id: number; url: string; name: string; mime: string };
  } finally {
    await fs.rm(filepath, { force: true });
  }
};

export const jpeg = (strapi: Core.Strapi, width = 1080, height = 1080, alt?: string) =>
  makeJpeg({ width, height }).then((body) => uploadFile(strapi, body, `photo-${width}x${height}.jpg`, 'image/jpeg', alt));
export const png = (strapi: Core.Strapi, width = 1080, height = 1080) =>
  makePng({ width, height }).then((body) => uploadFile(strapi, body, `graphic-${width}x${height}.png`, 'image/png'));
export const mp4 = (strapi: Core.Strapi, durationSec = 8, width = 1080, height = 1920) =>
  uploadFile(strapi, makeMp4({ durationSec, width, height }), `clip-${durationSec}s.mp4`, 'video/mp4');

export interface ArticleInput {
  title: string;
  excerpt?: string;
  body?: string;
  cover?: number | null;
  gallery?: number[];
  video?: number | null;
  locale?: string;
}

let slugCounter = 0;
/** A draft article (no publication is queued for drafts). */
export const createArticle = async (strapi: Core.Strapi, input: ArticleInput) => {
  slugCounter += 1;
  const { locale, ...data } = input;
  return (strapi.documents(ARTICLE as any) as any).create({ data: { slug: `article-${Date.now()}-${slugCounter}`, ...data }, ...(locale ? { locale } : {}) });
};

export const publishArticle = (strapi: Core.Strapi, documentId: string, locale?: string) =>
  (strapi.documents(ARTICLE as any) as any).publish({ documentId, ...(locale ? { locale } : {}) });

export const baseMapping = (patch: Record<string, unknown> = {}) => ({
  enabled: true,
  connectionId: null,
  autoPublish: true,
  postKind: 'auto',
  mediaFields: ['cover'],
  captionTemplate: '{{title}}\n\n{{excerpt}}\n#news',
  ...patch,
});

export const putMappings = async (app: PublishingApp, mappings: Record<string, unknown>) => {
  const response = await app.app.http().put('/instagram-publisher/settings').set(app.auth).send({ mappings });
  if (response.status !== 200) throw new Error(`PUT /settings answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data;
};

export const waitFor = async <T>(probe: () => Promise<T | null | undefined | false>, { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {}): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
};

const TERMINAL = ['published', 'failed', 'cancelled'];

/** The publications of a document once every one of them has settled. */
export const settled = async (strapi: Core.Strapi, documentId: string, { count = 1, timeoutMs = 15_000, statuses = TERMINAL } = {}) =>
  waitFor(
    async () => {
      const rows = await listPublications(strapi, { documentId });
      // A published run still reads the permalink and posts the first comment before it lets go of its lease.
      return rows.length >= count && rows.every((row) => statuses.includes(row.status) && !row.leaseOwner) ? rows : null;
    },
    { timeoutMs, what: `publications of ${documentId} to settle` },
  );

export const until = (strapi: Core.Strapi, id: string, statuses: string[], timeoutMs = 15_000) =>
  waitFor(
    async () => {
      const row = await getPublication(strapi, id);
      return row && statuses.includes(row.status) && (!TERMINAL.includes(row.status) || !row.leaseOwner) ? row : null;
    },
    { timeoutMs, what: `publication ${id} to reach ${statuses.join('/')}` },
  );

export const containerCalls = (sandbox: Sandbox) => sandbox.findCalls({ method: 'POST', path: /\/media$/ });
export const publishCalls = (sandbox: Sandbox) => sandbox.findCalls({ method: 'POST', path: /\/media_publish$/ });
