/**
 * Just enough ISO-BMFF / QuickTime parsing to answer what Meta checks before transcoding:
 * is it MP4/MOV at all, how long is it (mvhd), how wide is the video track (tkhd).
 */
export interface Mp4Info {
  brand: string | undefined;
  /** 'mp4' for ISO brands, 'mov' for QuickTime ('qt  ' brand or no ftyp). */
  container: 'mp4' | 'mov';
  durationSec: number;
  width?: number;
  height?: number;
}

const TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp', 'sidx', 'moof', 'mfra', 'meta', 'pdin']);

interface Box {
  type: string;
  start: number;
  headerSize: number;
  end: number;
}

function* boxes(buf: Buffer, from: number, to: number): Generator<Box> {
  let off = from;
  while (off + 8 <= to) {
    let size = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    let headerSize = 8;
    if (size === 1) {
      if (off + 16 > to) throw new Error('truncated largesize box');
      const big = buf.readBigUInt64BE(off + 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('box too large');
      size = Number(big);
      headerSize = 16;
    } else if (size === 0) {
      size = to - off;
    }
    if (size < headerSize) throw new Error(`invalid box size for ${JSON.stringify(type)}`);
    const end = Math.min(off + size, to);
    yield { type, start: off, headerSize, end };
    off += size;
  }
}

/** Throws when the buffer is not an MP4/MOV file or has no readable mvhd. */
export function parseMp4(buf: Buffer): Mp4Info {
  if (buf.length < 8) throw new Error('file too small to be MP4/MOV');
  const firstType = buf.toString('latin1', 4, 8);
  if (!TOP_LEVEL.has(firstType)) throw new Error(`not an MP4/MOV file (first box ${JSON.stringify(firstType)})`);
  let brand: string | undefined;
  let moov: Box | undefined;
  for (const b of boxes(buf, 0, buf.length)) {
    if (!/^[\x20-\x7e]{4}$/.test(b.type)) throw new Error('not an MP4/MOV file (garbage box type)');
    if (b.type === 'ftyp' && b.end - b.start >= b.headerSize + 4) brand = buf.toString('latin1', b.start + b.headerSize, b.start + b.headerSize + 4);
    if (b.type === 'moov') moov = b;
  }
  if (!moov) throw new Error('no moov box (truncated or not MP4/MOV)');
  let durationSec: number | undefined;
  let width: number | undefined;
  let height: number | undefined;
  for (const b of boxes(buf, moov.start + moov.headerSize, moov.end)) {
    if (b.type === 'mvhd') durationSec = readMvhd(buf, b.start + b.headerSize, b.end);
    if (b.type === 'trak') {
      for (const t of boxes(buf, b.start + b.headerSize, b.end)) {
        if (t.type !== 'tkhd') continue;
        const dims = readTkhd(buf, t.start + t.headerSize, t.end);
        if (dims && dims.width > 0 && width === undefined) {
          width = dims.width;
          height = dims.height;
        }
      }
    }
  }
  if (durationSec === undefined) throw new Error('no mvhd box');
  const container = brand === undefined || brand === 'qt  ' ? 'mov' : 'mp4';
  return { brand, container, durationSec, width, height };
}

function readMvhd(buf: Buffer, p: number, end: number): number {
  const version = buf.readUInt8(p);
  if (version === 1) {
    if (p + 32 > end) throw new Error('truncated mvhd');
    const timescale = buf.readUInt32BE(p + 20);
    const duration = Number(buf.readBigUInt64BE(p + 24));
    if (!timescale) throw new Error('mvhd timescale is 0');
    return duration / timescale;
  }
  if (p + 20 > end) throw new Error('truncated mvhd');
  const timescale = buf.readUInt32BE(p + 12);
  const duration = buf.readUInt32BE(p + 16);
  if (!timescale) throw new Error('mvhd timescale is 0');
  return duration / timescale;
}

function readTkhd(buf: Buffer, p: number, end: number): { width: number; height: number } | undefined {
  const version = buf.readUInt8(p);
  const at = version === 1 ? p + 88 : p + 76;
  if (at + 8 > end) return undefined;
  return { width: buf.readUInt32BE(at) / 65536, height: buf.readUInt32BE(at + 4) / 65536 };
}
