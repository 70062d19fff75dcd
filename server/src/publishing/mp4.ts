import fs from 'node:fs/promises';

/** What Instagram checks on a video, read from the MP4/MOV boxes without decoding frames. */
export interface VideoFacts {
  durationSec: number | null;
  width: number | null;
  height: number | null;
}

const readBox = (buffer: Buffer, offset: number) => {
  if (offset + 8 > buffer.length) return null;
  let size = buffer.readUInt32BE(offset);
  const type = buffer.toString('latin1', offset + 4, offset + 8);
  let header = 8;
  if (size === 1) {
    if (offset + 16 > buffer.length) return null;
    size = Number(buffer.readBigUInt64BE(offset + 8));
    header = 16;
  } else if (size === 0) {
    size = buffer.length - offset;
  }
  if (size < header) return null;
  return { type, start: offset, size, body: offset + header };
};

/** Parses `moov` (mvhd duration, the first video track's tkhd size) from a buffer holding it. */
export const parseMoov = (moov: Buffer): VideoFacts => {
  const facts: VideoFacts = { durationSec: null, width: null, height: null };
  const walk = (start: number, end: number) => {
    let offset = start;
    while (offset < end) {
      const box = readBox(moov, offset);
      if (!box || box.size <= 0) return;
      const boxEnd = Math.min(end, box.start + box.size);
      if (box.type === 'mvhd') {
        const version = moov.readUInt8(box.body);
        const timescale = version === 1 ? moov.readUInt32BE(box.body + 20) : moov.readUInt32BE(box.body + 12);
        const duration = version === 1 ? Number(moov.readBigUInt64BE(box.body + 24)) : moov.readUInt32BE(box.body + 16);
        if (timescale > 0) facts.durationSec = duration / timescale;
      } else if (box.type === 'tkhd' && facts.width === null) {
        const version = moov.readUInt8(box.body);
        const sizeOffset = box.body + (version === 1 ? 88 : 76);
        if (sizeOffset + 8 <= boxEnd) {
          const width = moov.readUInt32BE(sizeOffset) / 65536;
          const height = moov.readUInt32BE(sizeOffset + 4) / 65536;
          // Audio tracks report 0×0; the video track is the one with a size.
          if (width > 0 && height > 0) {
            facts.width = Math.round(width);
            facts.height = Math.round(height);
          }
        }
      } else if (box.type === 'trak') {
        walk(box.body, boxEnd);
      }
      offset = box.start + box.size;
    }
  };
  walk(0, moov.length);
  return facts;
};

/** Finds `moov` among the top-level boxes of a buffer (the start of a file, or all of it). */
export const videoFactsFromBuffer = (buffer: Buffer): VideoFacts | null => {
  let offset = 0;
  while (offset < buffer.length) {
    const box = readBox(buffer, offset);
    if (!box) return null;
    if (box.type === 'moov') {
      if (box.start + box.size > buffer.length) return null;
      return parseMoov(buffer.subarray(box.body, box.start + box.size));
    }
    offset = box.start + box.size;
  }
  return null;
};

/** Seeks through a local file's top-level boxes, so a 300 MB video is never read whole. */
export const videoFactsFromFile = async (path: string): Promise<VideoFacts | null> => {
  const handle = await fs.open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const header = Buffer.alloc(16);
    let offset = 0;
    while (offset + 8 <= fileSize) {
      await handle.read(header, 0, 16, offset);
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1) {
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) size = fileSize - offset;
      if (size < headerSize) return null;
      if (type === 'moov') {
        const length = Math.min(size - headerSize, 64 * 1024 * 1024);
        const body = Buffer.alloc(length);
        await handle.read(body, 0, length, offset + headerSize);
        return parseMoov(body);
      }
      offset += size;
    }
    return null;
  } finally {
    await handle.close();
  }
};
