import type { MyFile, MyPublicationView } from '../../contracts';
import { absoluteUrl } from '../../publishing/media-source';
import type { StepState } from '../../publishing/step-state';
import { userPostInputSchema } from '../../publishing/user-post';
import { countsView, warningsOf } from '../../publishing/view';
import type { Publication } from '../../store/types';
import type { UploadFileRow } from './file-records';

const iso = (value: Date | string | null | undefined) => {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** A Media Library file as its uploader sees it: an absolute URL, the size in bytes. */
export const toMyFile = (file: UploadFileRow, publicUrl: string): MyFile => ({
  id: String(file.id),
  name: String(file.name ?? ''),
  mime: String(file.mime ?? ''),
  // The upload plugin stores kilobytes.
  size: Math.round(Number(file.size ?? 0) * 1024),
  width: typeof file.width === 'number' ? file.width : null,
  height: typeof file.height === 'number' ? file.height : null,
  url: absoluteUrl(String(file.url ?? ''), publicUrl),
  createdAt: iso(file.createdAt) ?? new Date(0).toISOString(),
});

/** The file ids a user post names (none when its input cannot be read). */
export const fileIdsOf = (publication: Publication): string[] => {
  const parsed = userPostInputSchema.safeParse(publication.input);
  return parsed.success ? parsed.data.fileIds : [];
};

export interface ViewContext {
  /** The live username of each of the user's connections. */
  usernames: Map<string, string | null>;
  files: Map<string, UploadFileRow>;
  publicUrl: string;
}

/** An end user's own publication: its state and result, never its lease, step state or dedupe key. */
export const toMyPublicationView = (publication: Publication, context: ViewContext): MyPublicationView => {
  const parsed = userPostInputSchema.safeParse(publication.input);
  const input = parsed.success ? parsed.data : null;
  const live = publication.connectionId ? context.usernames.get(publication.connectionId) : undefined;
  return {
    id: publication.id,
    connectionId: publication.connectionId,
    username: live || publication.accountUsername,
    status: publication.status,
    // Until the worker has prepared it, the kind asked for (auto is decided then).
    kind: publication.kind ?? (input && input.kind !== 'auto' ? input.kind : null),
    caption: publication.caption ?? input?.caption ?? null,
    files: (input?.fileIds ?? []).map((id) => {
      const file = context.files.get(id);
      return { id, url: file ? absoluteUrl(String(file.url ?? ''), context.publicUrl) : null, mime: file ? String(file.mime ?? '') : null };
    }),
    scheduledAt: iso(publication.scheduledAt),
    attempts: publication.attempts,
    mediaId: publication.mediaId,
    permalink: publication.permalink,
    error: publication.error ? { code: publication.error.code, message: publication.error.message } : null,
    warnings: warningsOf(publication.state as StepState),
    publishedAt: iso(publication.publishedAt),
    ...countsView(publication),
    createdAt: publication.createdAt.toISOString(),
    updatedAt: publication.updatedAt.toISOString(),
  };
};
