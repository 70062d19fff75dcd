/**
 * Serving a publication's insights (contracts/insights.ts): the latest numbers kept on the
 * publication and the series of snapshots. Who may read is checked here, once for both sides:
 * an editor reads the admin side's posts of entries they may read in the Content Manager; an end
 * user only their own posts (another's id answers 404, as if it did not exist).
 */
import type { Core } from '@strapi/strapi';
import type { GetPublicationActivity, InsightSnapshotView, InsightsStatus, PublicationInsightsResponse } from '../../contracts';
import { countsView } from '../../publishing/view';
import type { PostSnapshot } from '../../store/insights';
import type { Publication } from '../../store/types';
import { notFound } from '../../utils/errors';
import { getService } from '../../utils/get-service';

const snapshotView = (snapshot: PostSnapshot): InsightSnapshotView => ({
  takenAt: snapshot.takenAt.toISOString(),
  likes: snapshot.likes,
  comments: snapshot.comments,
  metrics: snapshot.metrics,
});

export const createInsightsReadService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();

  const respond = async (publication: Publication): Promise<PublicationInsightsResponse['data']> => {
    const target = await store().insights.target(publication.id);
    const series = (await store().insights.listPostSnapshots(publication.id)).map(snapshotView);
    const latest = target?.insights ?? null;
    const status: InsightsStatus = publication.status !== 'published' || !latest ? 'pending' : latest.status;
    return {
      publicationId: publication.id,
      kind: publication.kind,
      mediaId: publication.mediaId,
      status,
      message: latest?.message ?? null,
      latest: latest && target?.insightsSyncedAt ? { takenAt: target.insightsSyncedAt.toISOString(), likes: latest.likes, comments: latest.comments, metrics: latest.metrics } : null,
      series,
      syncedAt: target?.insightsSyncedAt?.toISOString() ?? null,
      nextSyncAt: target?.nextInsightsAt?.toISOString() ?? null,
    };
  };

  /** An admin-side publication of an entry the admin may read; 404 for an end user's post. */
  const adminPublication = async (id: string, ability: unknown): Promise<Publication> => {
    const publication = await store().publications.findById(id);
    if (!publication || publication.ownerUserId) throw notFound(`publication ${id} not found`);
    await getService(strapi, 'entryAccess').assertCanRead(ability as never, { uid: publication.uid, documentId: publication.documentId, locale: publication.locale });
    return publication;
  };

  return {
    /** An editor's read: admin-side posts only, of entries they may read. */
    async forAdmin(id: string, ability: unknown): Promise<PublicationInsightsResponse['data']> {
      return respond(await adminPublication(id, ability));
    },

    /** The counts and comment activity of an editor's post: small and cheap, for polling. */
    async activityForAdmin(id: string, ability: unknown): Promise<GetPublicationActivity.Response['data']> {
      const publication = await adminPublication(id, ability);
      const target = await store().insights.target(publication.id);
      return { id: publication.id, status: publication.status, ...countsView(publication), insightsSyncedAt: target?.insightsSyncedAt?.toISOString() ?? null };
    },

    /** An end user's read of their own post. */
    async forUser(userId: string, id: string): Promise<PublicationInsightsResponse['data']> {
      const publication = await store().publications.findById(id);
      if (!publication || publication.ownerUserId !== String(userId)) throw notFound(`publication ${id} not found`);
      return respond(publication);
    },
  };
};

export type InsightsReadService = ReturnType<typeof createInsightsReadService>;
