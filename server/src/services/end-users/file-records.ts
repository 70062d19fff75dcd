import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../utils/plugin-id';

export const USER_FILE_UID = `plugin::${PLUGIN_ID}.user-file`;
const UPLOAD_FILE_UID = 'plugin::upload.file';

/** A Media Library file as the upload plugin stores it (size in KB). */
export interface UploadFileRow {
  id: number;
  name: string;
  mime: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  hash: string;
  provider: string;
  alternativeText: string | null;
  createdAt: string | Date;
  [key: string]: unknown;
}

const MAX_ROW_ID = 2_147_483_647;
/** A file id as a request may name it: a positive integer inside the database's integer range. */
const rowIdOf = (id: string): number | null => (/^\d{1,10}$/.test(id) && Number(id) > 0 && Number(id) <= MAX_ROW_ID ? Number(id) : null);

/**
 * Which Media Library files belong to which end user (the `user-file` table): a user posts only
 * files they uploaded, so a file id is never a way to reach someone else's picture.
 */
export const createFileRecords = (strapi: Core.Strapi) => {
  const records = () => strapi.db.query(USER_FILE_UID as any);
  const uploads = () => strapi.db.query(UPLOAD_FILE_UID as any);

  /** Upload rows by id, in the order asked; ids without a row are left out. */
  const filesByIds = async (ids: number[]): Promise<UploadFileRow[]> => {
    if (ids.length === 0) return [];
    const rows = (await uploads().findMany({ where: { id: { $in: ids } } })) as UploadFileRow[];
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => byId.get(id)).filter((row): row is UploadFileRow => Boolean(row));
  };

  return {
    filesByIds,

    /** Records freshly uploaded files as the user's. */
    async record(userId: string, fileIds: number[]) {
      for (const fileId of fileIds) await records().create({ data: { userId, fileId } });
    },

    /** Forgets files as the user's (they are being deleted). */
    async forget(userId: string, fileIds: number[]) {
      if (fileIds.length) await records().deleteMany({ where: { userId, fileId: { $in: fileIds } } });
    },

    /** One page of the user's files, newest first (files since deleted from the Media Library are left out). */
    async page(userId: string, page: number, pageSize: number): Promise<{ files: UploadFileRow[]; total: number }> {
      const where = { userId };
      const [rows, total] = await Promise.all([
        records().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize, select: ['fileId'] }),
        records().count({ where }),
      ]);
      return { files: await filesByIds(rows.map((row: { fileId: number }) => Number(row.fileId))), total };
    },

    /**
     * The user's files of `ids`, in that order, and the ids that name no file of theirs (unknown,
     * someone else's, or deleted): the caller answers those alike, so nobody learns which exist.
     */
    async owned(userId: string, ids: string[]): Promise<{ files: UploadFileRow[]; missing: string[] }> {
      const wanted = ids.map((id) => [id, rowIdOf(id)] as const);
      const numeric = wanted.map(([, id]) => id).filter((id): id is number => id !== null);
      const mine = numeric.length
        ? new Set(((await records().findMany({ where: { userId, fileId: { $in: numeric } }, select: ['fileId'] })) as Array<{ fileId: number }>).map((row) => Number(row.fileId)))
        : new Set<number>();
      const files = await filesByIds([...new Set(numeric.filter((id) => mine.has(id)))]);
      const found = new Map(files.map((file) => [Number(file.id), file]));
      return {
        files: wanted.flatMap(([, id]) => (id !== null && found.has(id) ? [found.get(id)!] : [])),
        missing: wanted.filter(([, id]) => id === null || !found.has(id)).map(([raw]) => raw),
      };
    },
  };
};

export type FileRecords = ReturnType<typeof createFileRecords>;
