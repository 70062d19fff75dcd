import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { GraphError, err } from './errors';
import { parseMp4 } from './mp4';
import { loadSharp, type SharpMetadata } from './sharp-lite';
import type { ContainerKind } from './types';


export const LIMITS = {
  imageBytes: 8 * 1024 * 1024,
  ratioMin: 0.8,
  ratioMax: 1.91,
  /** 1200×628 (1.911) is a common "1.91:1" export that Meta accepts. */
  ratioTolerance: 0.01,
  reelBytes: 300 * 1024 * 1024,
  reelMinSec: 3,
  reelMaxSec: 15 * 60,
  storyVideoBytes: 100 * 1024 * 1024,
  storyMinSec: 3,
  storyMaxSec: 60,
  videoMaxWidth: 1920,
  maxRedirects: 3,
} as const;

export class MediaFetchError extends Error {
  constructor(
    readonly reason: 'invalid-url' | 'private' | 'unreachable' | 'status' | 'timeout' | 'too-large' | 'redirects',
    message: string,
  ) {
    super(message);
    this.name = 'MediaFetchError';
  }
}

export interface FetchOptions {
  maxBytes: number;
  timeoutMs: number;
  allowPrivate: boolean;
}

export function isPrivateHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  const v = isIP(h);
  if (v === 4) {
    const [a, b] = h.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (v === 6) return h === '::1' || h === '::' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80') || h.startsWith('::ffff:127.') || h.startsWith('::ffff:10.') || h.startsWith('::ffff:192.168.');
  return false;
}

/** Download like Meta's fetcher: http(s) only, at most 3 redirects, one deadline, a byte cap. */
export function fetchMediaBytes(rawUrl: string, opts: FetchOptions): Promise<{ bytes: Buffer; finalUrl: string; contentType?: string }> {
  const deadline = Date.now() + opts.timeoutMs;
  const attempt = (url: string, hops: number): Promise<{ bytes: Buffer; finalUrl: string; contentType?: string }> =>
    new Promise((resolve, reject) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        reject(new MediaFetchError('invalid-url', `not a URL: ${url}`));
        return;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        reject(new MediaFetchError('invalid-url', `unsupported scheme ${parsed.protocol}`));
        return;
      }
      if (!opts.allowPrivate && isPrivateHost(parsed.hostname)) {
        reject(new MediaFetchError('private', `${parsed.hostname} is not reachable from Meta's servers`));
        return;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        reject(new MediaFetchError('timeout', 'download deadline passed'));
        return;
      }
      const lib = parsed.protocol === 'https:' ? https : http;
      const req = lib.get(parsed, { headers: { 'user-agent': 'facebookexternalhit/1.1 (sandbox)', accept: '*/*' } }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          clearTimeout(timer);
          if (hops >= LIMITS.maxRedirects) {
            reject(new MediaFetchError('redirects', `more than ${LIMITS.maxRedirects} redirects`));
            return;
          }
          attempt(new URL(res.headers.location, parsed).toString(), hops + 1).then(resolve, reject);
          return;
        }
        if (status < 200 || status >= 300) {
          res.resume();
          clearTimeout(timer);
          reject(new MediaFetchError('status', `HTTP ${status}`));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          clearTimeout(timer);
          req.destroy();
          reject(new MediaFetchError('too-large', `${declared} bytes`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            clearTimeout(timer);
            req.destroy();
            reject(new MediaFetchError('too-large', `more than ${opts.maxBytes} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const ct = res.headers['content-type'];
          resolve({ bytes: Buffer.concat(chunks), finalUrl: parsed.toString(), contentType: ct });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(new MediaFetchError('unreachable', e.message));
        });
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new MediaFetchError('timeout', `no complete answer within ${opts.timeoutMs} ms`));
      }, remaining);
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(new MediaFetchError('unreachable', e.message));
      });
    });
  return attempt(rawUrl, 0);
}

/** The Graph error Meta answers for a failed download. */
export function fetchErrorToGraph(e: unknown, url: string, video: boolean): GraphError {
  if (e instanceof MediaFetchError) {
    if (e.reason === 'timeout') return err.media(-2, 2207003, 'It takes too long to download the media.', 'Media download timeout');
    if (e.reason === 'too-large') {
      return video
        ? err.media(352, 2207026, `The video is too large: ${e.message}.`, 'Video too large')
        : err.media(36000, 2207004, 'The image size is too large.', 'Image size too large');
    }
  }
  const detail = e instanceof Error ? e.message : String(e);
  return err.media(9004, 2207052, `Only photo or video can be accepted as media type. The media could not be fetched from this URI: ${url} (${detail})`, 'Media download has failed.');
}

export interface ImageFacts {
  format: string;
  bytes: number;
  width: number;
  height: number;
}

/** Reads the real bytes: a PNG named .jpg is still a PNG. */
export async function inspectImage(bytes: Buffer): Promise<ImageFacts> {
  const sharp = loadSharp();
  let meta: SharpMetadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw err.media(36001, 2207005, 'The image format is not supported.', 'Unsupported image format');
  }
  let width = meta.width ?? 0;
  let height = meta.height ?? 0;
  // EXIF orientations 5–8 rotate by 90°, so Meta sees the swapped ratio.
  if (meta.orientation && meta.orientation >= 5) [width, height] = [height, width];
  return { format: meta.format ?? 'unknown', bytes: bytes.length, width, height };
}

export function checkImageFacts(facts: ImageFacts, kind: ContainerKind): void {
  if (facts.format !== 'jpeg') {
    throw err.media(36001, 2207005, `The image format is not supported (${facts.format}). Supported formats are: JPEG`, 'Unsupported image format');
  }
  if (facts.bytes > LIMITS.imageBytes) throw err.media(36000, 2207004, 'The image size is too large.', 'Image size too large');
  // Stories are cropped/padded to 9:16 by Meta, so only feed and carousel images have the ratio rule.
  if (kind !== 'STORY_IMAGE' && facts.height > 0) {
    const ratio = facts.width / facts.height;
    if (ratio < LIMITS.ratioMin - LIMITS.ratioTolerance || ratio > LIMITS.ratioMax + LIMITS.ratioTolerance) {
      throw err.media(
        36003,
        2207009,
        `The submitted image with aspect ratio ('${facts.width}/${facts.height}') cannot be published. Please submit an image with a valid aspect ratio.`,
        'Aspect ratio not supported',
      );
    }
  }
}

export interface VideoFacts {
  format: string;
  bytes: number;
  durationSec: number;
  width?: number;
  height?: number;
}

export function videoByteLimit(kind: ContainerKind): number {
  return kind === 'STORY_VIDEO' ? LIMITS.storyVideoBytes : LIMITS.reelBytes;
}

/** Checks Meta runs while processing a video; failures end as container ERROR, not as a create error. */
export function checkVideo(bytes: Buffer, kind: ContainerKind, thumbOffsetMs?: number): VideoFacts {
  let info;
  try {
    info = parseMp4(bytes);
  } catch (e) {
    throw err.media(352, 2207026, `The video format is not supported: ${(e as Error).message}. Use MP4 or MOV.`, 'Unsupported video format');
  }
  const story = kind === 'STORY_VIDEO';
  const min = story ? LIMITS.storyMinSec : LIMITS.reelMinSec;
  const max = story ? LIMITS.storyMaxSec : LIMITS.reelMaxSec;
  if (bytes.length > videoByteLimit(kind)) throw err.media(352, 2207026, `The video is larger than ${videoByteLimit(kind)} bytes.`, 'Video too large');
  if (info.durationSec < min || info.durationSec > max) {
    throw err.media(352, 2207026, `The video duration ${info.durationSec.toFixed(2)} s is outside ${min}–${max} s.`, 'Unsupported video duration');
  }
  if (info.width !== undefined && info.width > LIMITS.videoMaxWidth) {
    throw err.media(352, 2207026, `The video is ${info.width} px wide; at most ${LIMITS.videoMaxWidth} px.`, 'Unsupported video size');
  }
  if (thumbOffsetMs !== undefined && (thumbOffsetMs < 0 || thumbOffsetMs >= info.durationSec * 1000)) {
    throw err.media(1, 2207057, `Thumbnail offset must be greater than or equal to 0 and less than video duration, i.e. ${Math.round(info.durationSec * 1000)}`, 'Invalid thumbnail offset');
  }
  return { format: info.container, bytes: bytes.length, durationSec: info.durationSec, width: info.width, height: info.height };
}
