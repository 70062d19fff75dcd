import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSharp } from './sharp-lite';

/** Test media made from real encoders, so the sandbox's checks read true formats, sizes and dimensions. */

export interface ImageSpec {
  width: number;
  height: number;
  /** CSS colour or rgb; default a mid grey. */
  background?: string | { r: number; g: number; b: number };
  quality?: number;
  /** EXIF orientation 1–8 (5–8 swap width and height for viewers and for Meta). */
  orientation?: number;
  /** Append bytes after the image data until the file reaches this size (decoders ignore them): for the 8 MiB limit. */
  padToBytes?: number;
}

function base(spec: ImageSpec) {
  return loadSharp()({ create: { width: spec.width, height: spec.height, channels: 3, background: spec.background ?? { r: 128, g: 128, b: 128 } } });
}

function pad(buf: Buffer, size: number | undefined): Buffer {
  if (!size || buf.length >= size) return buf;
  return Buffer.concat([buf, Buffer.alloc(size - buf.length, 0)]);
}

export async function makeJpeg(spec: ImageSpec): Promise<Buffer> {
  let img = base(spec).jpeg({ quality: spec.quality ?? 80 });
  if (spec.orientation) img = img.withMetadata({ orientation: spec.orientation });
  return pad(await img.toBuffer(), spec.padToBytes);
}

export async function makePng(spec: ImageSpec): Promise<Buffer> {
  return pad(await base(spec).png().toBuffer(), spec.padToBytes);
}

export async function makeWebp(spec: ImageSpec): Promise<Buffer> {
  return pad(await base(spec).webp({ quality: spec.quality ?? 80 }).toBuffer(), spec.padToBytes);
}

export interface Mp4Spec {
  durationSec: number;
  width?: number;
  height?: number;
  /** 'qt  ' makes a QuickTime .mov. */
  brand?: string;
  timescale?: number;
  /** mvhd/tkhd version 1 (64-bit times). */
  version?: 0 | 1;
  /** Put moov after mdat, as non-"faststart" encoders do. */
  moovLast?: boolean;
  /** mdat payload size (no real frames are needed by the sandbox). */
  mdatBytes?: number;
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

const IDENTITY_MATRIX = (() => {
  const m = Buffer.alloc(36);
  m.writeUInt32BE(0x00010000, 0);
  m.writeUInt32BE(0x00010000, 16);
  m.writeUInt32BE(0x40000000, 32);
  return m;
})();

function fullBoxHeader(version: number, flags: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return b;
}

function uint(n: number, bytes: 4 | 8): Buffer {
  const b = Buffer.alloc(bytes);
  if (bytes === 8) b.writeBigUInt64BE(BigInt(Math.round(n)));
  else b.writeUInt32BE(Math.round(n) >>> 0);
  return b;
}

/** A minimal MP4/MOV: ftyp + moov(mvhd, trak/tkhd) + mdat. Enough for container and duration checks, not for playback. */
export function makeMp4(spec: Mp4Spec): Buffer {
  const timescale = spec.timescale ?? 1000;
  const v = spec.version ?? 0;
  const duration = spec.durationSec * timescale;
  const t = v === 1 ? 8 : 4;
  const brand = (spec.brand ?? 'isom').padEnd(4, ' ').slice(0, 4);
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), uint(512, 4), Buffer.from(`${brand}iso2avc1mp41`, 'latin1'));
  const mvhd = box(
    'mvhd',
    fullBoxHeader(v, 0),
    uint(0, t),
    uint(0, t),
    uint(timescale, 4),
    uint(duration, t),
    uint(0x00010000, 4),
    Buffer.from([0x01, 0x00]),
    Buffer.alloc(10),
    IDENTITY_MATRIX,
    Buffer.alloc(24),
    uint(2, 4),
  );
  const tkhd = box(
    'tkhd',
    fullBoxHeader(v, 3),
    uint(0, t),
    uint(0, t),
    uint(1, 4),
    Buffer.alloc(4),
    uint(duration, t),
    Buffer.alloc(8),
    Buffer.alloc(2),
    Buffer.alloc(2),
    Buffer.alloc(2),
    Buffer.alloc(2),
    IDENTITY_MATRIX,
    uint((spec.width ?? 1080) * 65536, 4),
    uint((spec.height ?? 1920) * 65536, 4),
  );
  const moov = box('moov', mvhd, box('trak', tkhd));
  const mdat = box('mdat', Buffer.alloc(spec.mdatBytes ?? 64, 0));
  return spec.moovLast ? Buffer.concat([ftyp, mdat, moov]) : Buffer.concat([ftyp, moov, mdat]);
}

export interface ServedFile {
  body: Buffer;
  contentType?: string;
  status?: number;
  delayMs?: number;
  /** Redirect to this path or URL instead of serving. */
  redirectTo?: string;
}

/** A tiny media host for tests: what Meta's fetcher would download from. */
export interface MediaServer {
  url: string;
  /** Serve `body` at `path` and return its absolute URL. */
  add(path: string, body: Buffer, options?: Omit<ServedFile, 'body'>): string;
  redirect(from: string, to: string): string;
  /** Requests received per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startMediaServer(host = '127.0.0.1'): Promise<MediaServer> {
  const files = new Map<string, ServedFile>();
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://media.invalid').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const f = files.get(path);
    const answer = () => {
      if (!f) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      } else if (f.redirectTo) {
        res.writeHead(302, { location: f.redirectTo }).end();
      } else {
        res.writeHead(f.status ?? 200, { 'content-type': f.contentType ?? 'application/octet-stream', 'content-length': String(f.body.length) }).end(f.body);
      }
    };
    if (f?.delayMs) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, f.delayMs);
      timers.add(timer);
    } else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const norm = (p: string) => (p.startsWith('/') ? p : `/${p}`);
  return {
    url,
    hits,
    add(path, body, options) {
      files.set(norm(path), { body, ...options });
      return url + norm(path);
    },
    redirect(from, to) {
      files.set(norm(from), { body: Buffer.alloc(0), redirectTo: to });
      return url + norm(from);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
