import fs from 'node:fs/promises';
import type { Core } from '@strapi/strapi';

/**
 * What an uploaded file really is, read from its first bytes: the client's Content-Type is a
 * claim, and a file the provider hosts under an image type must be an image. Only what can become
 * an Instagram post is accepted: images the renditions can convert to JPEG, and MP4 or MOV video.
 */

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1');

/** ISO base media brands (`ftyp`) of still images; any other brand is a video container. */
const IMAGE_BRANDS: Record<string, string> = { heic: 'image/heic', heix: 'image/heic', heim: 'image/heic', heis: 'image/heic', hevc: 'image/heic', hevx: 'image/heic', mif1: 'image/heif', msf1: 'image/heif', avif: 'image/avif', avis: 'image/avif' };
/** Video brands Instagram takes (MP4 and QuickTime); 3GP and others are not. */
const VIDEO_BRANDS: Record<string, string> = { 'qt  ': 'video/quicktime', isom: 'video/mp4', iso2: 'video/mp4', iso4: 'video/mp4', iso5: 'video/mp4', iso6: 'video/mp4', mp41: 'video/mp4', mp42: 'video/mp4', avc1: 'video/mp4', 'M4V ': 'video/mp4', M4VP: 'video/mp4', mmp4: 'video/mp4', MSNV: 'video/mp4', dash: 'video/mp4', f4v: 'video/mp4' };

/** The media type of these first bytes, or null when they are not an image or video Instagram can take. */
export const sniffMediaType = (head: Buffer): string | null => {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 6 && (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')) return 'image/gif';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'image/webp';
  if (head.length >= 4 && (ascii(head, 0, 4) === 'II*\u0000' || ascii(head, 0, 4) === 'MM\u0000*')) return 'image/tiff';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
    const brand = ascii(head, 8, 12);
    return IMAGE_BRANDS[brand] ?? VIDEO_BRANDS[brand] ?? VIDEO_BRANDS[brand.trimEnd()] ?? null;
  }
  return null;
};

export const readHead = async (filepath: string, bytes = 64): Promise<Buffer> => {
  const handle = await fs.open(filepath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
};

const matches = (mime: string, patterns: unknown): boolean =>
  Array.isArray(patterns) &&
  patterns.some((pattern) => {
    if (typeof pattern !== 'string') return false;
    const expression = new RegExp(`^${pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return expression.test(mime);
  });

/**
 * Why the app's own upload rules (`plugin::upload.security`, allowed and denied types) refuse this
 * type, or null. Strapi's upload routes check them; files reaching the upload service from here must too.
 */
export const refusedByUploadSecurity = (strapi: Core.Strapi, mime: string): string | null => {
  const security = (strapi.config.get(['plugin::upload', 'security'] as unknown as string, {}) ?? {}) as { allowedTypes?: unknown; deniedTypes?: unknown };
  if (matches(mime, security.deniedTypes)) return `${mime} files are not accepted by this application`;
  if (Array.isArray(security.allowedTypes) && !matches(mime, security.allowedTypes)) return `${mime} files are not accepted by this application`;
  return null;
};
