import { Client } from 'pg';

export interface PublicationRow {
  documentId: string;
  status: string;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  postedAt: Date | null;
  mediaId: string | null;
  hasPermalink: boolean;
  updatedAt: Date;
}

/**
 * Reads the publication rows straight from PostgreSQL: the bench watches the queue without asking
 * an instance, so the figures hold while instances are being killed.
 */
export const openPublicationReader = async (databaseName: string) => {
  const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: databaseName });
  await client.connect();
  return {
    async rows(): Promise<PublicationRow[]> {
      const { rows } = await client.query(
        `SELECT target_document_id AS "documentId", publication_status AS status, lease_owner AS "leaseOwner", lease_until AS "leaseUntil",
                posted_at AS "postedAt", media_id AS "mediaId", permalink IS NOT NULL AS "hasPermalink", updated_at AS "updatedAt"
           FROM instagram_publications`,
      );
      return rows as PublicationRow[];
    },
    close: () => client.end(),
  };
};

export type PublicationReader = Awaited<ReturnType<typeof openPublicationReader>>;

/** A worker's lease owner is `host:pid:random` (publishing/worker.ts): the rows a process holds. */
export const heldBy = (rows: PublicationRow[], pid: number) => rows.filter((row) => row.leaseOwner?.split(':')[1] === String(pid));
