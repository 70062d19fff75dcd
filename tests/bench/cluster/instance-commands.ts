/**
 * What a bench asks of one cluster instance, run inside that instance's process with its own
 * `strapi` (the plugin itself has no bench hook). Each command does what an editor or the
 * scheduler would: entries are created and published through the Document Service, posts are
 * queued through the publications service (the admin's "post now"), tokens refreshed by the
 * refresh service's own run.
 */
import type { Core } from '@strapi/strapi';
import type { Store } from '../../../server/src/store/types';
import { connectionFactory } from '../../integration/store/contract';

const DAY = 86_400_000;

export interface SeededAccount {
  userId: string;
  appScopedId: string;
  username: string;
  accessToken: string;
  expiresAt: number;
}

export interface QueuedPost {
  documentId: string;
  publicationId: string;
  /** When the "post now" call was made (ms since the epoch). */
  queuedAt: number;
}

/** Runs `work` on every item with at most `limit` at a time, keeping the order of results. */
const mapLimit = async <T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
};

// Loaded on first use: only the instance that prepares entries pays for the test helpers (and the
// image encoder they pull in), so the other instances' memory figures are the app's alone.
const publishing = () => require('../../integration/publishing/helpers') as typeof import('../../integration/publishing/helpers');

export const createInstanceCommands = (strapi: Core.Strapi) => {
  const plugin = () => strapi.plugin('instagram-publisher');
  const store = () => (plugin().service('store') as { get(): Store }).get();

  return {
    /** Connections as the OAuth flow saves them, one per sandbox account; answers their ids in order. */
    async seedConnections({ accounts, issuedDaysAgo }: { accounts: SeededAccount[]; issuedDaysAgo: number }) {
      const issuedAt = new Date(Date.now() - issuedDaysAgo * DAY);
      const ids: string[] = [];
      for (const account of accounts) {
        const connection = await store().connections.upsertByInstagramUserId(
          connectionFactory({
            instagramUserId: account.userId,
            appScopedUserId: account.appScopedId,
            accessToken: account.accessToken,
            tokenIssuedAt: issuedAt,
            tokenExpiresAt: new Date(account.expiresAt),
            profile: { ...connectionFactory().profile, username: account.username },
          }),
        );
        ids.push(connection.id);
      }
      return ids;
    },

    /**
     * `count` articles sharing one cover, published through the Document Service with the article
     * type mapped but not auto-publishing (each post names its account when it is queued).
     */
    async prepareEntries({ count, titlePrefix }: { count: number; titlePrefix: string }) {
      const { ARTICLE, baseMapping, createArticle, jpeg, publishArticle } = publishing();
      await (plugin().service('mappings') as { replaceAll(mappings: unknown): Promise<unknown> }).replaceAll({
        [ARTICLE]: baseMapping({ autoPublish: false, captionTemplate: '{{title}}\n\n#bench' }),
      });
      const cover = await jpeg(strapi, 1080, 1080);
      return mapLimit(Array.from({ length: count }, (_, index) => index), 4, async (index) => {
        const title = `${titlePrefix} ${String(index).padStart(5, '0')}`;
        const article = await createArticle(strapi, { title, cover: cover.id });
        await publishArticle(strapi, article.documentId);
        return { documentId: article.documentId as string, title };
      });
    },

    /**
     * Queues one post per entry to the account it names, `parallel` at a time, as the admin's "post
     * now" (or "schedule", with `scheduledAt` in ms since the epoch) does.
     */
    async queuePosts({ posts, parallel = 16, scheduledAt }: { posts: Array<{ documentId: string; connectionId: string }>; parallel?: number; scheduledAt?: number }): Promise<QueuedPost[]> {
      const { ARTICLE } = publishing();
      const publications = plugin().service('publications') as { create(input: unknown): Promise<{ id: string }> };
      return mapLimit(posts, parallel, async ({ documentId, connectionId }) => {
        const queuedAt = Date.now();
        const view = await publications.create({ uid: ARTICLE, documentId, connectionId, ...(scheduledAt ? { scheduledAt: new Date(scheduledAt) } : {}) });
        return { documentId, publicationId: String(view.id), queuedAt };
      });
    },

    /** One token refresh run, as the daily cron job starts it. */
    refreshTokens: () => (plugin().service('tokenRefresh') as { run(): Promise<unknown> }).run(),
  };
};

export type InstanceCommands = ReturnType<typeof createInstanceCommands>;
export type InstanceCommandName = keyof InstanceCommands;
