import fs from 'node:fs/promises';
import path from 'node:path';
import { isIP } from 'node:net';
import type { Core } from '@strapi/strapi';

/** One file of the Media Library as the post needs it. */
export interface SourceMedia {
  fileId: number;
  hash: string;
  name: string;
  mime: string;
  /** Strapi stores sizes in KB. */
  bytes: number;
  width: number | null;
  height: number | null;
  alt: string | null;
  /** Absolute URL Meta will download. */
  url: string;
  /** Set for the local upload provider: facts are read from disk instead of over HTTP. */
  localPath: string | null;
}

/** Files of a populated media attribute (single or multiple), in the editor's order. */
export const filesOf = (value: unknown): any[] => {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).filter((file) => file && typeof file === 'object' && typeof file.url === 'string');
};

export const toSourceMedia = (strapi: Core.Strapi, file: any, publicUrl: string): SourceMedia => {
  const url = absoluteUrl(file.url, publicUrl);
  const local = file.provider === 'local' && typeof file.url === 'string' && file.url.startsWith('/');
  return {
    fileId: Number(file.id),
    hash: String(file.hash ?? file.id),
    name: String(file.name ?? `file-${file.id}`),
    mime: String(file.mime ?? 'application/octet-stream'),
    bytes: Math.round(Number(file.size ?? 0) * 1024),
    width: typeof file.width === 'number' ? file.width : null,
    height: typeof file.height === 'number' ? file.height : null,
    alt: typeof file.alternativeText === 'string' && file.alternativeText.trim() ? file.alternativeText.trim() : null,
    url,
    localPath: local ? path.join(strapi.dirs.static.public, decodeURIComponent(file.url.split('?')[0])) : null,
  };
};

export const absoluteUrl = (url: string, publicUrl: string) => (/^https?:\/\//i.test(url) ? url : `${publicUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`);

/** Hosts Meta's servers can never reach: loopback, private and link-local ranges, *.local. */
export const isPrivateHost = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) return host === '::1' || host === '::' || /^(fc|fd|fe80)/.test(host) || host.startsWith('::ffff:');
  return false;
};

/** Why Meta could not download this URL, or null when it looks public. */
export const unreachableReason = (url: string): string | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a valid URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `"${url}" is not an http(s) URL`;
  if (isPrivateHost(parsed.hostname)) {
    return `the media URL ${parsed.origin} is on localhost or a private network, which Instagram's servers cannot download from. Set the plugin's publicUrl (or Strapi's server.url) to the public HTTPS address of this Strapi, or use an upload provider that hosts files publicly (S3, Cloudinary, ...).`;
  }
  return null;
};

const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** The file's bytes: from disk for the local provider, else downloaded (capped). */
export const readMediaBytes = async (media: SourceMedia, maxBytes = MAX_DOWNLOAD_BYTES): Promise<Buffer> => {
  if (media.localPath) return fs.readFile(media.localPath);
  const response = await fetch(media.url, { redirect: 'follow', signal: AbortSignal.timeout(30_000) });
  if (!response.ok || !response.body) throw new Error(`downloading ${media.name} answered HTTP ${response.status}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) break;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
};
