/**
 * Public counts for front ends (`GET /api/instagram-publisher/permalinks/counts`): the likes and
 * comments Instagram itself shows anyone under a post, next to its permalink. Only the admin side's
 * posts of a published entry (never an end user's post, never a draft's), and never reach, views or
 * anything else only the account sees.
 *
 * Numbers come from each publication's stored latest read (the insights sync), never from a Graph
 * call per request, and an entry's answer is kept in memory for `insights.publicCountsCacheSeconds`,
 * so a busy public page costs one store read per entry and period.
 */
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../../config/resolve';
import type { PublicCount } from '../../contracts';
import { getContentType } from '../../publishing/content-types';
import type { PublishedPost } from '../../store/insights';
import { invalidField } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { createTtlCache } from '../../utils/ttl-cache';

/** An entry has few posts (one per account and version at most): a page this size holds them all. */
const MAX_POSTS_PER_ENTRY = 100;

export interface PublicCountsQuery {
  uid: string;
  documentId: string;
  locale?: string;
}

const countOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Only what Instagram shows publicly: the permalink, likes and comments. Reach and the rest stay out by construction. */
export const publicCountOf = (post: PublishedPost & { permalink: string }): PublicCount => ({
  permalink: post.permalink,
  mediaId: post.mediaId,
  kind: post.kind,
  locale: post.locale,
  publishedAt: post.postedAt?.toISOString() ?? null,
  likes: countOf(post.insights?.likes),
  comments: countOf(post.insights?.comments),
  countedAt: post.insightsSyncedAt?.toISOString() ?? null,
});

export const createPublicCountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const ttlSeconds = () => getPluginConfig(strapi).insights.publicCountsCacheSeconds;
  const cache = createTtlCache<PublicCount[]>({ ttlMs: () => ttlSeconds() * 1000 });

  /** The locales (null for a type without i18n) in which the entry has a published version. */
  const publishedLocales = async ({ uid, documentId, locale }: PublicCountsQuery): Promise<Set<string | null>> => {
    const type = getContentType(strapi, uid);
    if (!type) throw invalidField('uid', `uid: "${uid}" is not a content type of this app`);
    const rows = (await (strapi.documents(uid as any) as any).findMany({
      filters: { documentId },
      fields: ['documentId', ...(type.localized ? ['locale'] : [])],
      ...(type.localized ? { locale: locale ?? '*' } : {}),
      ...(type.draftAndPublish ? { status: 'published' } : {}),
      limit: 100,
    })) as Array<{ locale?: string | null }>;
    return new Set(rows.map((row) => (type.localized ? (row.locale ?? null) : null)));
  };

  const load = async (query: PublicCountsQuery): Promise<PublicCount[]> => {
    const published = await publishedLocales(query);
    if (published.size === 0) return [];
    const localized = getContentType(strapi, query.uid)!.localized;
    const posts = await store().insights.publishedPosts({
      entry: { uid: query.uid, documentId: query.documentId, locale: query.locale ?? null },
      ownerUserId: null,
      limit: MAX_POSTS_PER_ENTRY,
    });
    return posts
      .filter((post): post is PublishedPost & { permalink: string } => Boolean(post.permalink))
      // A post of a locale whose version was unpublished since belongs to no public page.
      .filter((post) => !localized || published.has(post.locale))
      .map(publicCountOf);
  };

  return {
    /** How long answers are cached, for the Cache-Control header. */
    maxAgeSeconds: ttlSeconds,

    /** The public counts of a published entry's posts; an unpublished or unknown entry has none. */
    async forEntry(query: PublicCountsQuery): Promise<PublicCount[]> {
      const key = `${query.uid}\u0000${query.documentId}\u0000${query.locale ?? ''}`;
      return cache.getOrLoad(key, () => load(query));
    },

    /** Forgets every cached answer (tests, and code that just changed numbers). */
    clearCache() {
      cache.clear();
    },
  };
};

export type PublicCountsService = ReturnType<typeof createPublicCountsService>;
