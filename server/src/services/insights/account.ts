/**
 * Serving an account's insights (contracts/account-insights.ts): its followers and reach per day
 * (the daily account snapshots the sync takes), and its top posts with their latest numbers.
 * Who may read is checked here for both sides: an admin reads the admin side's connections (the
 * route checks `connections.read`), and sees a post's entry only when the Content Manager would let
 * them read it; an end user reads only their own connection (another's id answers 404).
 */
import type { Core } from '@strapi/strapi';
import { RECONNECT_FOR_INSIGHTS_MESSAGE, type AccountInsightsResponse, type AccountTopPost } from '../../contracts';
import { hasInsightsPermission } from '../../instagram/scopes';
import { entryTitles } from '../../publishing/entry-titles';
import { ADMIN_OWNER, userOwner, type Connection, type ConnectionOwner } from '../../store/types';
import { notFound } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { AdminAbility } from '../entry-access';
import { accountSeries, latestNumbers, rankTopPosts, windowStart, type RankedPost } from './account-shaping';

/**
 * How many of an account's newest published posts compete for the top: the ranking reads numbers
 * from each post's JSON column, which no database sorts the same way, so it is done here over a
 * bounded page (years of posting for most accounts).
 */
export const TOP_POSTS_CANDIDATES = 500;

export interface AccountInsightsQuery {
  days: number;
  top: number;
  now?: Date;
}

type Data = AccountInsightsResponse['data'];

const topPostView = (ranked: RankedPost, entry: AccountTopPost['entry']): AccountTopPost => ({
  publicationId: ranked.post.id,
  mediaId: ranked.post.mediaId,
  kind: ranked.post.kind,
  permalink: ranked.post.permalink,
  publishedAt: ranked.post.postedAt?.toISOString() ?? null,
  likes: ranked.likes,
  comments: ranked.comments,
  reach: ranked.reach,
  entry,
});

export const createAccountInsightsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();

  const findOwned = async (id: string, owner: ConnectionOwner) => {
    const connection = await store().connections.findOwned(id, owner);
    if (!connection) throw notFound('Instagram connection not found');
    return connection;
  };

  /** Everything but the posts' entries, which depend on who reads. */
  const shape = async (connection: Connection, ownerUserId: string | null, { days, top, now = new Date() }: AccountInsightsQuery) => {
    const [snapshots, posts] = await Promise.all([
      store().insights.listAccountSnapshots(connection.id, windowStart(now, days)),
      store().insights.publishedPosts({ connectionId: connection.id, ownerUserId, limit: TOP_POSTS_CANDIDATES }),
    ]);
    const series = accountSeries(snapshots);
    const access = hasInsightsPermission(connection.loginKind, connection.scopes) ? 'ok' : 'reconnect';
    const ranking = rankTopPosts(posts, top);
    const data: Omit<Data, 'topPosts'> = {
      connectionId: connection.id,
      username: connection.profile.username || null,
      access,
      message: access === 'reconnect' ? RECONNECT_FOR_INSIGHTS_MESSAGE : null,
      days,
      series,
      latest: latestNumbers(series, connection.profile.followersCount ?? null),
      rankedBy: ranking.rankedBy,
    };
    return { data, ranked: ranking.posts };
  };

  return {
    /** An admin's read of an admin-side connection; entries shown only where the Content Manager allows. */
    async forAdmin(id: string, ability: AdminAbility | undefined, query: AccountInsightsQuery): Promise<Data> {
      const connection = await findOwned(id, ADMIN_OWNER);
      const { data, ranked } = await shape(connection, null, query);
      const refs = ranked.map(({ post }) => ({ uid: post.uid, documentId: post.documentId, locale: post.locale }));
      const [readable, titleOf] = await Promise.all([getService(strapi, 'entryAccess').readableSet(ability, refs), entryTitles(strapi, refs)]);
      const topPosts = ranked.map((item, index) => {
        const ref = refs[index]!;
        return topPostView(item, readable(ref) ? { ...ref, title: titleOf(ref) } : null);
      });
      return { ...data, topPosts };
    },

    /** An end user's read of their own connection; their posts are files, not entries. */
    async forUser(userId: string, id: string, query: AccountInsightsQuery): Promise<Data> {
      const connection = await findOwned(id, userOwner(userId));
      const { data, ranked } = await shape(connection, String(userId), query);
      return { ...data, topPosts: ranked.map((item) => topPostView(item, null)) };
    },
  };
};

export type AccountInsightsService = ReturnType<typeof createAccountInsightsService>;
