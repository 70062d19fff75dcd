import type { Core } from '@strapi/strapi';
import type { PublicationView } from '../../contracts';
import { entryTitles } from '../../publishing/entry-titles';
import { restrictView, toView } from '../../publishing/view';
import type { Connection, Publication, PublicationWrite } from '../../store/types';
import { getService } from '../../utils/get-service';
import type { AdminAbility } from '../entry-access';

/** Who asks: the admin's Content Manager ability (absent for plugin code) and their id. */
export interface Actor {
  ability?: AdminAbility;
  userId?: string | null;
}

/** What every part of the publications service shares: the store, access checks and views. */
export const createPublicationsContext = (strapi: Core.Strapi) => {
  const store = () => getService(strapi, 'store').get();
  const access = () => getService(strapi, 'entryAccess');
  const connectionMap = async () => new Map((await store().connections.list()).map((connection) => [connection.id, connection] as const));

  /** Views of a page of publications; entries the admin may not read keep their status but lose their words. */
  const views = async (publications: Publication[], ability?: AdminAbility): Promise<PublicationView[]> => {
    const [connections, titleOf, readable] = await Promise.all([
      connectionMap(),
      entryTitles(strapi, publications),
      access().readableSet(ability, publications.map(({ uid, documentId, locale }) => ({ uid, documentId, locale }))),
    ]);
    return publications.map((publication) => {
      const view = toView(publication, connections, titleOf(publication));
      return readable({ uid: publication.uid, documentId: publication.documentId, locale: publication.locale }) ? view : restrictView(view);
    });
  };

  return {
    strapi,
    store,
    access,
    connectionMap,
    views,
    view: async (publication: Publication, ability?: AdminAbility) => (await views([publication], ability))[0],
  };
};

export type PublicationsContext = ReturnType<typeof createPublicationsContext>;

/** A new queued row: what a caller does not say takes its empty value. */
export const newRow = (fields: Partial<PublicationWrite> & Pick<PublicationWrite, 'uid' | 'documentId' | 'trigger' | 'runAt'>): PublicationWrite => ({
  locale: null,
  connectionId: null,
  status: 'queued',
  kind: null,
  caption: null,
  contentHash: null,
  scheduledAt: null,
  attempts: 0,
  state: {},
  mediaId: null,
  permalink: null,
  error: null,
  leaseOwner: null,
  leaseUntil: null,
  requestedBy: null,
  publishedAt: null,
  accountUsername: null,
  dedupeKey: null,
  ...fields,
});

/** The username a list shows for an account: the live one, else none. */
export const usernameOf = (connection: Connection | undefined) => connection?.profile.username || null;
