import type { Core } from '@strapi/strapi';
import { refusedByUploadSecurity, sniffMediaType } from '../../../server/src/services/end-users/file-types';
import { makeJpeg, makeMp4, makePng } from '../../sandbox/fixtures';

const bytes = (...values: Array<number | string>) => Buffer.concat(values.map((value) => (typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from([value]))));
const ftyp = (brand: string) => bytes(0, 0, 0, 24, 'ftyp', brand, 0, 0, 0, 0);

describe('what an uploaded file really is, from its first bytes', () => {
  it('recognises the images the renditions can convert and the videos Instagram takes', async () => {
    expect(sniffMediaType(await makeJpeg({ width: 8, height: 8 }))).toBe('image/jpeg');
    expect(sniffMediaType(await makePng({ width: 8, height: 8 }))).toBe('image/png');
    expect(sniffMediaType(makeMp4({ durationSec: 4, width: 320, height: 320 }))).toBe('video/mp4');
    expect(sniffMediaType(bytes('GIF89a', 1, 0))).toBe('image/gif');
    expect(sniffMediaType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffMediaType(bytes('II*', 0, 8, 0))).toBe('image/tiff');
    expect(sniffMediaType(ftyp('heic'))).toBe('image/heic');
    expect(sniffMediaType(ftyp('avif'))).toBe('image/avif');
    expect(sniffMediaType(ftyp('qt  '))).toBe('video/quicktime');
    expect(sniffMediaType(ftyp('isom'))).toBe('video/mp4');
  });

  it('refuses what is not an image or a video Instagram can post, whatever the file claims', () => {
    expect(sniffMediaType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffMediaType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(sniffMediaType(bytes(0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0))).toBeNull(); // WebM
    expect(sniffMediaType(ftyp('3gp4'))).toBeNull();
    expect(sniffMediaType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffMediaType(Buffer.alloc(0))).toBeNull();
  });
});

describe("the app's own upload rules (plugin::upload.security)", () => {
  const strapiWith = (security: unknown) => ({ config: { get: () => security } }) as unknown as Core.Strapi;

  it('refuses denied types and types outside an allow list, with wildcards', () => {
    expect(refusedByUploadSecurity(strapiWith({}), 'image/jpeg')).toBeNull();
    expect(refusedByUploadSecurity(strapiWith({ allowedTypes: ['image/*'] }), 'image/png')).toBeNull();
    expect(refusedByUploadSecurity(strapiWith({ allowedTypes: ['image/*'] }), 'video/mp4')).toBe('video/mp4 files are not accepted by this application');
    expect(refusedByUploadSecurity(strapiWith({ deniedTypes: ['image/gif'] }), 'image/gif')).toMatch(/not accepted/);
    expect(refusedByUploadSecurity(strapiWith({ allowedTypes: ['*'], deniedTypes: ['video/*'] }), 'video/quicktime')).toMatch(/not accepted/);
  });
});
