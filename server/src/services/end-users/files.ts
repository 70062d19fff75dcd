import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { MyFile, PaginationMeta } from '../../contracts';
import { getPluginConfig } from '../../config/resolve';
import { loadSharp } from '../../publishing/renditions';
import { MAX_FILES_PER_POST } from '../../publishing/user-post';
import { invalidField, payloadTooLarge } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { UploadedPart } from '../../utils/multipart';
import { isStorableText } from '../../utils/storable-text';
import { createFileRecords, type UploadFileRow } from './file-records';
import { readHead, refusedByUploadSecurity, sniffMediaType } from './file-types';
import { toMyFile } from './views';

/** What the upload plugin's service takes as a file (formidable's shape), with the type read from the bytes. */
interface CheckedFile {
  filepath: string;
  originalFilename: string;
  mimetype: string;
  detectedMimeType: string;
  size: number;
}

/** Formats sharp reads; a file of one of these that it cannot read is broken, not merely unusual. */
const SHARP_FORMATS = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/tiff']);

const ACCEPTED = 'JPEG, PNG, WebP, GIF, TIFF, HEIC or AVIF images, MP4 or MOV videos';

/**
 * An end user's files: stored through Strapi's upload service (so the app's provider hosts them,
 * as any Media Library file) and recorded as theirs, so only they can post them.
 */
export const createEndUserFilesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const records = createFileRecords(strapi);
  const publicUrl = () => getService(strapi, 'urls').publicUrl();

  /** Every check before anything is stored: a refused request leaves nothing behind. */
  const check = async (received: UploadedPart[]): Promise<CheckedFile[]> => {
    // A name only: a client's path ("../../a.jpg", "C:\\photos\\a.jpg") says nothing the Media Library should keep.
    const parts = received.map((part) => ({ ...part, originalFilename: path.posix.basename(part.originalFilename.replace(/\\/g, '/')) || 'file' }));
    const stray = parts.find((part) => part.field !== 'files');
    if (stray) throw invalidField(stray.field, `Files go in the "files" field, not "${stray.field}".`);
    if (parts.length === 0) throw invalidField('files', `Send 1 to ${MAX_FILES_PER_POST} images or videos in the "files" field.`);
    if (parts.length > MAX_FILES_PER_POST) throw invalidField('files', `${parts.length} files were sent; at most ${MAX_FILES_PER_POST} go in one request.`);
    const maxBytes = getPluginConfig(strapi).endUsers.maxUploadBytes;
    const tooBig = parts.find((part) => part.size > maxBytes);
    if (tooBig) {
      throw payloadTooLarge(`"${tooBig.originalFilename}" is ${tooBig.size} bytes; a file may be at most ${maxBytes} bytes.`, {
        file: tooBig.originalFilename,
        size: tooBig.size,
        maxBytes,
      });
    }
    const checked: CheckedFile[] = [];
    for (const part of parts) {
      const name = part.originalFilename;
      if (!isStorableText(name) || name.length > 255) throw invalidField('files', 'A file name is longer than 255 characters or holds characters that cannot be stored.');
      if (part.size === 0) throw invalidField('files', `"${name}" is empty.`);
      const mime = sniffMediaType(await readHead(part.filepath));
      if (!mime) throw invalidField('files', `"${name}" is not an image or a video Instagram can post (${ACCEPTED}).`);
      const refused = refusedByUploadSecurity(strapi, mime);
      if (refused) throw invalidField('files', `"${name}": ${refused}.`);
      if (SHARP_FORMATS.has(mime)) {
        const readable = await loadSharp()(part.filepath as unknown as Buffer)
          .metadata()
          .then(() => true, () => false);
        if (!readable) throw invalidField('files', `"${name}" is not a readable image (damaged or cut short).`);
      }
      checked.push({ filepath: part.filepath, originalFilename: name, mimetype: mime, detectedMimeType: mime, size: part.size });
    }
    return checked;
  };

  /** The folder Strapi's own upload route files API uploads under ("API Uploads"), when the upload plugin has one. */
  const apiFolderId = async (): Promise<number | undefined> => {
    try {
      const folder = await strapi.plugin('upload').service('api-upload-folder').getAPIUploadFolder();
      return typeof folder?.id === 'number' ? folder.id : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    /** Stores the request's files as the user's, after checking all of them (413 above `endUsers.maxUploadBytes`). */
    async store(userId: string, parts: UploadedPart[]): Promise<UploadFileRow[]> {
      const files = await check(parts);
      const folder = await apiFolderId();
      const uploaded = (await strapi
        .plugin('upload')
        .service('upload')
        .upload({ data: { fileInfo: files.map((file) => ({ name: file.originalFilename, folder })) }, files })) as UploadFileRow[];
      await records.record(userId, uploaded.map((file) => Number(file.id)));
      return uploaded;
    },

    /**
     * Deletes files this request stored, when what they were sent with is refused: a refused post
     * leaves nothing behind, as a refused upload does.
     */
    async discard(userId: string, files: UploadFileRow[]) {
      await records.forget(userId, files.map((file) => Number(file.id)));
      const upload = strapi.plugin('upload').service('upload');
      for (const file of files) await upload.remove(file);
    },

    /** POST /me/files */
    async upload(userId: string, parts: UploadedPart[]): Promise<MyFile[]> {
      const url = publicUrl();
      return (await this.store(userId, parts)).map((file) => toMyFile(file, url));
    },

    /** GET /me/files: the user's files, newest first. */
    async list(userId: string, page: number, pageSize: number): Promise<{ data: MyFile[]; pagination: PaginationMeta }> {
      const { files, total } = await records.page(userId, page, pageSize);
      const url = publicUrl();
      return { data: files.map((file) => toMyFile(file, url)), pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } };
    },

    /** The user's files of `ids` in order, and the ids that name none of theirs. */
    owned: (userId: string, ids: string[]) => records.owned(userId, ids),
    filesByIds: records.filesByIds,
  };
};

export type EndUserFilesService = ReturnType<typeof createEndUserFilesService>;
