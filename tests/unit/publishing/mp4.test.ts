import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeMp4 } from '../../sandbox/fixtures';
import { videoFactsFromBuffer, videoFactsFromFile } from '../../../server/src/publishing/mp4';

describe('reading video facts from MP4/MOV boxes', () => {
  it.each([
    ['a faststart MP4', { durationSec: 12.5, width: 1080, height: 1920 }],
    ['moov after mdat', { durationSec: 4, width: 720, height: 1280, moovLast: true }],
    ['64-bit boxes (version 1)', { durationSec: 95, width: 1920, height: 1080, version: 1 as const }],
    ['a QuickTime MOV', { durationSec: 7, width: 1080, height: 1080, brand: 'qt  ' }],
  ])('reads duration and size of %s, from memory and from disk', async (_name, spec) => {
    const buffer = makeMp4(spec);
    const expected = { durationSec: spec.durationSec, width: spec.width, height: spec.height };
    expect(videoFactsFromBuffer(buffer)).toEqual(expected);
    const file = path.join(os.tmpdir(), `mp4-test-${process.pid}-${Math.random()}.mp4`);
    await fs.writeFile(file, buffer);
    try {
      expect(await videoFactsFromFile(file)).toEqual(expected);
    } finally {
      await fs.rm(file, { force: true });
    }
  });

  it('answers null when there is no moov (not a video, or cut short)', () => {
    expect(videoFactsFromBuffer(Buffer.from('not a video at all'))).toBeNull();
    const buffer = makeMp4({ durationSec: 5 });
    expect(videoFactsFromBuffer(buffer.subarray(0, 40))).toBeNull();
  });
});
