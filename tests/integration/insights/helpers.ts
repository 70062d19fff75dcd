import type { Core } from '@strapi/strapi';
import type { Sandbox } from '../../sandbox';
import { ARTICLE, type PublishingApp } from '../publishing/helpers';

export const PUBLICATION = 'plugin::instagram-publisher.publication';
export const H = 3_600_000;
export const DAY = 24 * H;

export const pluginStore = (strapi: Core.Strapi) => (strapi.plugin('instagram-publisher').service('store') as any).get();
export const insightsSync = (strapi: Core.Strapi, now: Date, accounts = false) =>
  (strapi.plugin('instagram-publisher').service('insightsSync') as any).run({ now: () => now, accounts });

export interface PostedSpec {
  connectionId: string;
  documentId: string;
  uid?: string;
  locale?: string | null;
  ownerUserId?: string | null;
  account: string;
  /** The media's numbers on the sandbox; its defaults when left out. */
  stats?: Record<string, number>;
  kind?: 'image' | 'reel';
  postedAt?: Date;
}

/**
 * A published post as the worker leaves it (media on the sandbox account, permalink, posting time),
 * without the container flow: the insights tests are about what happens after publishing.
 */
export const postedPublication = async (strapi: Core.Strapi, sandbox: Sandbox, spec: PostedSpec) => {
  const media = sandbox.seedMedia({ account: spec.account, ...(spec.stats ? { stats: spec.stats } : {}), ...(spec.kind === 'reel' ? { productType: 'REELS' } : {}) });
  const postedAt = spec.postedAt ?? new Date(Date.now() - 2 * H);
  const row = await strapi.db.query(PUBLICATION as any).create({
    data: {
      targetUid: spec.uid ?? ARTICLE,
      targetDocumentId: spec.documentId,
      targetLocale: spec.locale ?? null,
      connectionId: spec.connectionId,
      publicationStatus: 'published',
      kind: spec.kind ?? 'image',
      trigger: 'publish',
      runAt: postedAt,
      attempts: 1,
      mediaId: media.id,
      permalink: `https://www.instagram.com/p/${media.id}/`,
      postedAt,
      publishedAt: postedAt,
      ownerUserId: spec.ownerUserId ?? null,
    },
  });
  return { id: String(row.id), mediaId: media.id, permalink: `https://www.instagram.com/p/${media.id}/`, postedAt };
};

/** Runs the insights sync as the cron would: a first run schedules the posts, a run past their first step reads them. */
export const readAllInsights = async (strapi: Core.Strapi) => {
  await insightsSync(strapi, new Date(Date.now() - 3 * H));
  return insightsSync(strapi, new Date());
};

/** An article created and published through the Content Manager by `author`, so the "is creator" condition sees it as theirs. */
export const articleBy = async (app: PublishingApp, author: { auth: Record<string, string> }, title: string) => {
  const cm = `/content-manager/collection-types/${ARTICLE}`;
  const created = await app.app
    .http()
    .post(cm)
    .set(author.auth)
    .send({ title, slug: `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}` });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const documentId = created.body.data.documentId as string;
  const published = await app.app.http().post(`${cm}/${documentId}/actions/publish`).set(app.auth).send({});
  if (published.status !== 200) throw new Error(`publish answered ${published.status}: ${JSON.stringify(published.body)}`);
  return documentId;
};
