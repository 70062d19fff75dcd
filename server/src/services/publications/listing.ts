import type { PaginationMeta, Permalink, PublicationView } from '../../contracts';
import type { PublicationQuery } from '../../store/types';
import { usernameOf, type Actor, type PublicationsContext } from './context';

/** Reading publications: the admin's lists, one publication, and an entry's permalinks for front ends. */
export const createListing = (context: PublicationsContext) => {
  const { store } = context;

  return {
    /**
     * One page of the admin side's publications (entries; end users' own posts only when the query
     * names an owner); entries the admin may not read keep their status but lose their words.
     */
    async list(query: PublicationQuery, actor: Actor = {}): Promise<{ results: PublicationView[]; pagination: PaginationMeta }> {
      const { results, total } = await store().publications.list({ ownerUserId: null, ...query });
      return {
        results: await context.views(results, actor.ability),
        pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
      };
    },

    async findOne(id: string, actor: Actor = {}): Promise<PublicationView | null> {
      const publication = await store().publications.findById(id);
      return publication && !publication.ownerUserId ? context.view(publication, actor.ability) : null;
    },

    /** Permalinks of an entry's published posts, for front ends. */
    async permalinks(query: { uid: string; documentId: string; locale?: string }): Promise<Permalink[]> {
      // Entries' posts only: an end user's posts are theirs to list (GET /me/publications).
      const { results } = await store().publications.list({ ...query, ownerUserId: null, status: ['published'], page: 1, pageSize: 100 });
      const connections = await context.connectionMap();
      return results
        .filter((publication) => publication.permalink)
        .map((publication) => ({
          permalink: publication.permalink!,
          mediaId: publication.mediaId,
          kind: publication.kind,
          locale: publication.locale,
          publishedAt: publication.publishedAt?.toISOString() ?? null,
          username: usernameOf(publication.connectionId ? connections.get(publication.connectionId) : undefined) ?? publication.accountUsername,
        }));
    },
  };
};
