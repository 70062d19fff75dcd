import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { IMAGE_RULES, type ImageFacts } from './media-rules';
import { toSourceMedia, type SourceMedia } from './media-source';

/**
 * sharp ships with Strapi (the upload plugin uses it), so the plugin borrows the host's copy instead
 * of bundling a second native build. Loaded lazily: only renditions need it.
 */
type Sharp = (input?: Buffer, options?: Record<string, unknown>) => any;
let sharpModule: Sharp | null | undefined;
export const loadSharp = (): Sharp => {
  if (sharpModule === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require('sharp');
      sharpModule = (typeof mod === 'function' ? mod : mod?.default) ?? null;
    } catch {
      sharpModule = null;
    }
  }
  if (!sharpModule) throw new Error('the image needs converting for Instagram, but the "sharp" package cannot be loaded in this Strapi');
  return sharpModule;
};

/** Real format, size and displayed dimensions (EXIF orientations 5–8 swap width and height). */
export const readImageFacts = async (buffer: Buffer): Promise<ImageFacts> => {
  const meta = await loadSharp()(buffer, { limitInputPixels: false }).metadata();
  let width = meta.width ?? 0;
  let height = meta.height ?? 0;
  if (meta.orientation && meta.orientation >= 5) [width, height] = [height, width];
  return { format: String(meta.format ?? 'unknown'), bytes: buffer.length, width, height };
};

export interface RenditionSpec {
  /** Ratio to crop or pad to; null keeps the image's own. */
  ratio: number | null;
  fit: 'crop' | 'pad';
  padColor: string;
  quality: number;
}

/** An sRGB JPEG inside Instagram's limits: oriented, at most 1440 px wide, at the asked ratio, ≤ 8 MiB. */
export const renderJpeg = async (buffer: Buffer, facts: ImageFacts, spec: RenditionSpec): Promise<Buffer> => {
  const sharp = loadSharp();
  let width = Math.min(facts.width, IMAGE_RULES.maxWidth);
  let height = Math.round(width / (facts.width / facts.height));
  if (spec.ratio !== null) {
    if (spec.fit === 'crop') {
      // Crop inside the original: keep as many pixels as the target ratio allows.
      const cropWidth = Math.min(facts.width, Math.round(facts.height * spec.ratio));
      width = Math.min(cropWidth, IMAGE_RULES.maxWidth);
    } else {
      // Pad around the original: the canvas grows on the short side.
      const padWidth = Math.max(facts.width, Math.round(facts.height * spec.ratio));
      width = Math.min(padWidth, IMAGE_RULES.maxWidth);
    }
    height = Math.max(1, Math.round(width / spec.ratio));
  }
  let quality = spec.quality;
  for (;;) {
    const output: Buffer = await sharp(buffer, { limitInputPixels: false })
      .rotate()
      .resize({
        width,
        height,
        fit: spec.fit === 'pad' ? 'contain' : 'cover',
        position: 'centre',
        background: spec.padColor,
      })
      .flatten({ background: spec.padColor })
      .toColorspace('srgb')
      .jpeg({ quality, mozjpeg: true })
      .toBuffer();
    if (output.length <= IMAGE_RULES.maxBytes || quality <= 40) return output;
    quality -= 10;
  }
};

const variantKey = (facts: ImageFacts, spec: RenditionSpec) =>
  createHash('sha256')
    .update(JSON.stringify({ w: facts.width, h: facts.height, r: spec.ratio?.toFixed(4) ?? null, f: spec.fit, p: spec.padColor, q: spec.quality }))
    .digest('hex')
    .slice(0, 12);

/**
 * Returns the Instagram-ready JPEG of `source`, stored through Strapi's upload service so the
 * configured provider hosts it. The name identifies the source file and the settings, so the
 * next post of the same file reuses the stored rendition instead of converting again.
 */
export const ensureRendition = async (
  strapi: Core.Strapi,
  source: SourceMedia,
  buffer: Buffer,
  facts: ImageFacts,
  spec: RenditionSpec,
  publicUrl: string,
): Promise<{ media: SourceMedia; reused: boolean }> => {
  const name = `instagram-${source.hash}-${variantKey(facts, spec)}.jpg`;
  const existing = await strapi.db.query('plugin::upload.file').findOne({ where: { name } });
  if (existing) return { media: { ...toSourceMedia(strapi, existing, publicUrl), alt: source.alt }, reused: true };

  const output = await renderJpeg(buffer, facts, spec);
  const tmp = path.join(os.tmpdir(), `instagram-rendition-${randomBytes(6).toString('hex')}.jpg`);
  await fs.writeFile(tmp, output);
  try {
    const uploaded = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
        data: { fileInfo: { name, alternativeText: source.alt, caption: `Instagram rendition of ${source.name}` } },
        files: { filepath: tmp, originalFilename: name, mimetype: 'image/jpeg', size: output.length },
      });
    const file = Array.isArray(uploaded) ? uploaded[0] : uploaded;
    return { media: { ...toSourceMedia(strapi, file, publicUrl), alt: source.alt }, reused: false };
  } finally {
    await fs.rm(tmp, { force: true });
  }
};
