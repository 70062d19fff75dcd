import fs from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Core } from '@strapi/strapi';
import { invalidField, payloadTooLarge, unsupportedMediaType } from './errors';

/**
 * The end users' upload routes read their multipart bodies themselves. Strapi's body parser reads
 * every multipart request before routing, so before authentication (anyone could make the server
 * write files to disk), and answers 500 to a body without a boundary or cut short. The body guard
 * therefore hides a multipart body on those routes from it (`deferMultipart`), and the route reads
 * it once the policy has let the user through (`readMultipart`), through the same parser
 * (Strapi's own body middleware, so the app's `strapi::body` settings apply) with the user limits.
 */

/** Requests whose multipart body waits for its route: the Content-Type they came with. */
const deferred = new WeakMap<IncomingMessage, string>();

/** Called by the body guard, before Strapi's parser: the parser then sees a request without a body type and leaves the body unread. */
export const deferMultipart = (ctx: { req: IncomingMessage }, contentType: string) => {
  deferred.set(ctx.req, contentType);
  delete ctx.req.headers['content-type'];
};

/** Whether this request carries a multipart body its route must read. */
export const hasDeferredMultipart = (ctx: { req: IncomingMessage }) => deferred.has(ctx.req);

/** One file of a multipart body, in a temporary file deleted when the request's work is done. */
export interface UploadedPart {
  field: string;
  filepath: string;
  originalFilename: string;
  /** What the client declared; never trusted on its own (see services/end-users/file-types.ts). */
  mimetype: string;
  size: number;
}

export interface MultipartBody {
  /** Text fields, as the parser read them (a repeated or bracketed name becomes an array or an object). */
  fields: Record<string, unknown>;
  files: UploadedPart[];
}

export interface MultipartLimits {
  /** All files of the request together, in bytes (the app's own parser limit applies too, when lower). */
  maxFileBytes: number;
  maxFields: number;
  maxFieldsBytes: number;
}

/** formidable's own default, which Strapi's parser applies when the app sets none. */
const FORMIDABLE_DEFAULT_MAX_FILE_BYTES = 200 * 1024 * 1024;

type BodyMiddlewareFactory = (config: Record<string, unknown>, context: { strapi: Core.Strapi }) => (ctx: any, next: () => Promise<void>) => Promise<void>;

/** The app's `strapi::body` settings, from config/middlewares.ts (an entry with a config object). */
const appBodyConfig = (strapi: Core.Strapi): Record<string, any> => {
  const entries = strapi.config.get('middlewares', []) as unknown[];
  const entry = Array.isArray(entries)
    ? entries.find((item): item is { name: string; config?: Record<string, any> } => typeof item === 'object' && item !== null && (item as { name?: unknown }).name === 'strapi::body')
    : undefined;
  return entry?.config ?? {};
};

interface FormidableFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

const partsOf = (files: Record<string, FormidableFile | FormidableFile[]> | undefined): UploadedPart[] =>
  Object.entries(files ?? {}).flatMap(([field, value]) =>
    (Array.isArray(value) ? value : [value]).map((file) => ({
      field,
      filepath: file.filepath,
      originalFilename: String(file.originalFilename || 'file'),
      mimetype: String(file.mimetype || ''),
      size: Number(file.size ?? 0),
    })),
  );

/** formidable's errors carry the HTTP status they mean; none of them is the server's fault. */
const parseFailure = (error: unknown, receiving: string | null, limits: MultipartLimits) => {
  const httpCode = (error as { httpCode?: unknown })?.httpCode;
  if (httpCode === 413) {
    const what = receiving ? `"${receiving}"` : 'The request';
    return payloadTooLarge(`${what} does not fit: a request may carry at most ${limits.maxFileBytes} bytes of files and ${limits.maxFieldsBytes} bytes of fields.`, {
      file: receiving,
      maxBytes: limits.maxFileBytes,
    });
  }
  return invalidField('body', 'The multipart/form-data body could not be read (malformed, or cut short): send it again.');
};

/**
 * Reads the multipart body of a request the body guard deferred and runs `work` with it; the
 * temporary files are deleted afterwards, whatever happened. 400 for a malformed body, 413 above
 * the limits, 415 when the request is not multipart.
 */
export const readMultipart = async <T>(strapi: Core.Strapi, ctx: any, limits: MultipartLimits, work: (body: MultipartBody) => Promise<T>): Promise<T> => {
  const contentType = deferred.get(ctx.req);
  if (!contentType) throw unsupportedMediaType('Send this request as multipart/form-data.');
  deferred.delete(ctx.req);
  if (!/;\s*boundary=("[^"]+"|[^\s;]+)/i.test(contentType)) {
    throw invalidField('body', 'The multipart/form-data Content-Type has no boundary: let the HTTP client set the header (do not set it by hand).');
  }
  ctx.req.headers['content-type'] = contentType;

  const app = appBodyConfig(strapi);
  const appFormidable: Record<string, any> = app.formidable ?? {};
  const appMax = Number(appFormidable.maxFileSize) > 0 ? Number(appFormidable.maxFileSize) : FORMIDABLE_DEFAULT_MAX_FILE_BYTES;
  const effective: MultipartLimits = { ...limits, maxFileBytes: Math.min(limits.maxFileBytes, appMax) };
  // Every temporary file formidable opens, so none is left behind (Strapi's parser only deletes the
  // `files` field's, and only when the route succeeds).
  const opened: string[] = [];
  let receiving: string | null = null;
  const parse = (strapi.middleware('strapi::body') as unknown as BodyMiddlewareFactory)(
    {
      multipart: true,
      patchKoa: true,
      formidable: {
        ...appFormidable,
        multiples: true,
        maxFileSize: effective.maxFileBytes,
        maxFields: limits.maxFields,
        maxFieldsSize: limits.maxFieldsBytes,
        onFileBegin: (_field: string, file: FormidableFile) => {
          receiving = file.originalFilename ? path.posix.basename(String(file.originalFilename).replace(/\\/g, '/')) : null;
          opened.push(file.filepath);
        },
      },
    },
    { strapi },
  );

  let outcome: { value: T } | { error: unknown } | null = null;
  try {
    await parse(ctx, async () => {
      // Caught here, not thrown through the parser: it would skip its own clean-up on the way out.
      try {
        outcome = { value: await work({ fields: (ctx.request.body ?? {}) as Record<string, unknown>, files: partsOf(ctx.request.files) }) };
      } catch (error) {
        outcome = { error };
      }
    });
  } catch (error) {
    throw parseFailure(error, receiving, effective);
  } finally {
    delete ctx.request.files;
    await Promise.all(opened.map((filepath) => fs.rm(filepath, { force: true }).catch(() => undefined)));
  }
  // Strapi's parser answers a file above `maxFileSize` itself (413) without calling on.
  if (!outcome) throw parseFailure({ httpCode: 413 }, receiving, effective);
  const settled = outcome as { value: T } | { error: unknown };
  if ('error' in settled) throw settled.error;
  return settled.value;
};
