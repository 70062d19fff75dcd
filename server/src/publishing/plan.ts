import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { PostKind } from '../store/types';
import { getPluginConfig } from '../config/resolve';
import { TemplateSyntaxError, captionLimitsOf, captionProblems, countCaption, renderTemplate, toPlainText, type CaptionCounts, type CaptionLimits } from './caption';
import { fieldOf, type ContentTypeInfo } from './content-types';
import type { Mapping, WorkerConfig } from './mapping-schema';
import {
  CAROUSEL_RULES,
  clampRatio,
  imageFixes,
  imageWarnings,
  isImageMime,
  isVideoMime,
  targetRatioFor,
  videoProblems,
  type ImageFacts,
} from './media-rules';
import { filesOf, readMediaBytes, toSourceMedia, unreachableReason, type SourceMedia } from './media-source';
import { videoFactsFromBuffer, videoFactsFromFile, type VideoFacts } from './mp4';
import { ensureRendition, readImageFacts } from './renditions';

export interface PlannedMedia {
  fileId: number;
  url: string;
  mime: string;
  isVideo: boolean;
  alt: string | null;
  width: number | null;
  height: number | null;
  /** Set when the file is a JPEG rendition made for Instagram from `sourceFileId`. */
  sourceFileId?: number;
}

export interface UserTag {
  username: string;
  x?: number;
  y?: number;
}

/** Everything the container calls need, fixed once when the publication is prepared. */
export interface Plan {
  kind: PostKind;
  caption: string;
  media: PlannedMedia[];
  coverUrl: string | null;
  locationId: string | null;
  userTags: UserTag[];
  collaborators: string[];
  shareToFeed: boolean | null;
  firstComment: string | null;
  /** Identifies what is posted, so publishing an unchanged entry again does not post again. */
  contentHash: string;
}

export interface PlanResult {
  plan: Plan | null;
  kind: PostKind | null;
  caption: string;
  media: PlannedMedia[];
  errors: string[];
  warnings: string[];
  counts: CaptionCounts;
  /** The limits the caption was checked against (the `limits` option), for the editor's counters. */
  limits: CaptionLimits;
}

export interface PlanOptions {
  mapping: Mapping;
  type: ContentTypeInfo;
  entry: Record<string, any>;
  locale: string | null;
  /** An editor's caption, used instead of the template. */
  captionOverride?: string | null;
  /** true: read the real files and store renditions (worker); false: describe only (preview). */
  prepare: boolean;
  worker: WorkerConfig;
  sandbox: boolean;
  publicUrl: string;
}

const ALT_TEXT_MAX = 1000;

/**
 * What would be posted for an entry under a mapping, with every problem Instagram would refuse
 * found before any Graph call. With `prepare`, images Meta would refuse become JPEG renditions.
 */
export const buildPlan = async (strapi: Core.Strapi, options: PlanOptions): Promise<PlanResult> => {
  const { mapping, type, entry } = options;
  const errors: string[] = [];
  const warnings: string[] = [];
  const textOf = (field: string | null | undefined) =>
    field ? toPlainText(entry[field], fieldOf(type, field)?.type).trim() : '';

  // ---- media and kind -------------------------------------------------------------------
  const sources: SourceMedia[] = mapping.mediaFields.flatMap((field) =>
    filesOf(entry[field]).map((file) => toSourceMedia(strapi, file, options.publicUrl)),
  );
  const usable = sources.filter((media) => isImageMime(media.mime) || isVideoMime(media.mime));
  for (const media of sources) if (!usable.includes(media)) warnings.push(`${media.name} is neither an image nor a video and is left out`);

  let kind: PostKind | null = null;
  let items: SourceMedia[] = [];
  const firstImage = usable.find((media) => isImageMime(media.mime));
  const firstVideo = usable.find((media) => isVideoMime(media.mime));
  if (usable.length === 0) {
    errors.push(
      `The entry has no image or video in ${mapping.mediaFields.map((field) => `"${field}"`).join(', ') || 'its mapped media fields'}: an Instagram post needs at least one.`,
    );
  } else {
    switch (mapping.postKind) {
      case 'auto':
        kind = usable.length >= 2 ? 'carousel' : isVideoMime(usable[0].mime) ? 'reel' : 'image';
        items = usable;
        break;
      case 'image':
        kind = 'image';
        if (!firstImage) errors.push('An image post needs an image, but the entry only has videos.');
        else items = [firstImage];
        break;
      case 'reel':
        kind = 'reel';
        if (!firstVideo) errors.push('A reel needs a video, but the entry has none.');
        else items = [firstVideo];
        break;
      case 'story':
        kind = 'story';
        items = [usable[0]];
        break;
      case 'carousel':
        kind = 'carousel';
        items = usable;
        break;
    }
    if (items.length > 0 && items.length < usable.length && kind !== 'carousel') {
      warnings.push(`Only the first ${kind === 'reel' ? 'video' : kind === 'image' ? 'image' : 'file'} is posted; ${usable.length - 1} other file(s) are left out.`);
    }
    if (kind === 'carousel' && (items.length < CAROUSEL_RULES.min || items.length > CAROUSEL_RULES.max)) {
      errors.push(`A carousel takes ${CAROUSEL_RULES.min} to ${CAROUSEL_RULES.max} images or videos; the entry has ${items.length}.`);
    }
  }

  // ---- caption and options ---------------------------------------------------------------
  const types = Object.fromEntries(type.fields.map((field) => [field.name, field.type]));
  // Saved mappings are checked when saved, but defaults from config/plugins.ts may still hold a
  // broken template: it becomes a problem of this post, never an exception of the worker or the preview.
  const render = (template: string, name: string) => {
    try {
      return renderTemplate(template, { values: { ...entry, locale: options.locale ?? '', documentId: entry.documentId }, types });
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      errors.push(`The ${name} template of the mapping has an error: ${error.message}.`);
      return '';
    }
  };
  const caption = options.captionOverride != null ? options.captionOverride.trim() : render(mapping.captionTemplate, 'caption');
  const counts = countCaption(caption);
  const limits = captionLimitsOf(getPluginConfig(strapi).limits);
  if (kind === 'story') {
    if (caption) warnings.push('Stories have no caption on Instagram: the caption is not posted.');
  } else {
    errors.push(...captionProblems(caption, limits));
  }

  let altOverride = mapping.altTextField ? textOf(mapping.altTextField) || null : null;
  if (altOverride && [...altOverride].length > ALT_TEXT_MAX) {
    warnings.push(`The alt text is cut to ${ALT_TEXT_MAX} characters.`);
    altOverride = [...altOverride].slice(0, ALT_TEXT_MAX).join('');
  }

  const locationId = mapping.locationIdField ? textOf(mapping.locationIdField) || null : null;
  if (locationId && !/^\d+$/.test(locationId)) errors.push(`The location id "${locationId}" is not a Facebook location Page id (digits only).`);
  if (locationId && kind === 'story') warnings.push('Stories cannot carry a location: it is left out.');

  const userTags = mapping.userTagsField ? parseUserTags(entry[mapping.userTagsField], errors) : [];
  if (userTags.length > 20) errors.push(`${userTags.length} people are tagged; Instagram accepts at most 20 per post.`);
  const collaborators = mapping.collaboratorsField ? parseUsernames(entry[mapping.collaboratorsField]) : [];
  if (collaborators.length > 3) errors.push(`${collaborators.length} collaborators are set; Instagram accepts at most 3.`);
  if (collaborators.length > 0 && kind === 'story') warnings.push('Stories cannot have collaborators: they are left out.');

  const firstComment = mapping.firstCommentTemplate
    ? render(mapping.firstCommentTemplate, 'first comment') || null
    : mapping.firstCommentField
      ? textOf(mapping.firstCommentField) || null
      : null;
  if (firstComment && kind === 'story') warnings.push('Stories cannot be commented on: the first comment is left out.');

  const coverFile = kind === 'reel' && mapping.coverField ? filesOf(entry[mapping.coverField])[0] : undefined;
  let cover = coverFile ? toSourceMedia(strapi, coverFile, options.publicUrl) : null;
  // The chosen file, not the JPEG made from it: the preview and the worker must agree on the hash.
  const coverHash = cover?.hash ?? null;

  // ---- media checks and renditions ------------------------------------------------------
  const media: PlannedMedia[] = [];
  if (kind && items.length > 0 && (!options.prepare || errors.length === 0)) {
    let carouselRatio: number | null = null;
    for (const [index, source] of items.entries()) {
      const label = items.length > 1 ? `${source.name} (item ${index + 1})` : source.name;
      const where = options.sandbox ? null : unreachableReason(source.url);
      if (where) {
        errors.push(`${label}: ${where}`);
        continue;
      }
      if (isVideoMime(source.mime)) {
        const facts = await videoFacts(source, options.prepare);
        const use = kind === 'story' ? 'story' : kind === 'carousel' ? 'carousel' : 'reel';
        for (const problem of videoProblems({ mime: source.mime, bytes: source.bytes, durationSec: facts?.durationSec ?? null, width: facts?.width ?? null }, use)) {
          errors.push(`${label}: ${problem}`);
        }
        if (!facts?.durationSec) warnings.push(`${label}: the video's duration could not be read; Instagram checks it while processing.`);
        media.push({ fileId: source.fileId, url: source.url, mime: source.mime, isVideo: true, alt: null, width: facts?.width ?? null, height: facts?.height ?? null });
        continue;
      }
      const use = kind === 'story' ? 'story' : kind === 'carousel' ? 'carousel' : 'feed';
      let facts: ImageFacts;
      let bytes: Buffer | null = null;
      if (options.prepare) {
        try {
          bytes = await readMediaBytes(source);
          facts = await readImageFacts(bytes);
        } catch (error) {
          errors.push(`${label}: the file could not be read (${error instanceof Error ? error.message : 'unknown error'}).`);
          continue;
        }
      } else {
        facts = { format: formatOfMime(source.mime), bytes: source.bytes, width: source.width ?? 0, height: source.height ?? 0 };
      }
      const ratio = facts.height > 0 ? facts.width / facts.height : 1;
      const target: number | null = use === 'story' ? null : targetRatioFor(ratio, kind === 'carousel' && index > 0 ? carouselRatio : null);
      if (kind === 'carousel' && carouselRatio === null) carouselRatio = target ?? clampRatio(ratio);
      const fixes = imageFixes(facts, use, kind === 'carousel' && index > 0 ? carouselRatio : null);
      warnings.push(...imageWarnings(facts).map((warning) => `${label}: ${warning}`));
      const alt = altOverride ?? source.alt;
      if (fixes.length === 0) {
        media.push({ fileId: source.fileId, url: source.url, mime: source.mime, isVideo: false, alt, width: facts.width, height: facts.height });
        continue;
      }
      warnings.push(`${label}: an Instagram-ready JPEG is made (${fixes.join('; ')}).`);
      if (!options.prepare || !bytes) {
        media.push({ fileId: source.fileId, url: source.url, mime: source.mime, isVideo: false, alt, width: facts.width, height: facts.height });
        continue;
      }
      try {
        const { media: rendition } = await ensureRendition(
          strapi,
          source,
          bytes,
          facts,
          { ratio: target, fit: options.worker.imageFit, padColor: options.worker.padColor, quality: options.worker.jpegQuality },
          options.publicUrl,
        );
        media.push({ fileId: rendition.fileId, url: rendition.url, mime: 'image/jpeg', isVideo: false, alt, width: rendition.width, height: rendition.height, sourceFileId: source.fileId });
      } catch (error) {
        errors.push(`${label}: the Instagram-ready JPEG could not be made (${error instanceof Error ? error.message : 'unknown error'}).`);
      }
    }
    if (cover && options.prepare && cover.mime !== 'image/jpeg') {
      try {
        const bytes = await readMediaBytes(cover);
        const facts = await readImageFacts(bytes);
        cover = (
          await ensureRendition(strapi, cover, bytes, facts, { ratio: null, fit: options.worker.imageFit, padColor: options.worker.padColor, quality: options.worker.jpegQuality }, options.publicUrl)
        ).media;
      } catch (error) {
        warnings.push(`The reel cover could not be converted to JPEG and is left out (${error instanceof Error ? error.message : 'unknown error'}).`);
        cover = null;
      }
    }
  }

  if (!kind || errors.length > 0) return { plan: null, kind, caption: kind === 'story' ? '' : caption, media, errors, warnings, counts, limits };

  const plan: Plan = {
    kind,
    caption: kind === 'story' ? '' : caption,
    media,
    coverUrl: cover?.url ?? null,
    locationId: kind === 'story' ? null : locationId,
    userTags: kind === 'reel' || kind === 'story' ? userTags.map(({ username }) => ({ username })) : userTags,
    collaborators: kind === 'story' ? [] : collaborators,
    shareToFeed: kind === 'reel' ? mapping.shareToFeed : null,
    firstComment: kind === 'story' ? null : firstComment,
    contentHash: '',
  };
  plan.contentHash = hashOf(plan, items, coverHash);
  return { plan, kind, caption: plan.caption, media, errors, warnings, counts, limits };
};

/** Stable across renditions: what the editor chose (files, text, options), not how it was converted. */
const hashOf = (plan: Plan, items: SourceMedia[], coverHash: string | null) =>
  createHash('sha256')
    .update(
      JSON.stringify({
        kind: plan.kind,
        caption: plan.caption,
        media: items.map((item) => item.hash),
        alt: plan.media.map((item) => item.alt),
        locationId: plan.locationId,
        userTags: plan.userTags,
        collaborators: plan.collaborators,
        shareToFeed: plan.shareToFeed,
        cover: coverHash,
      }),
    )
    .digest('hex');

const formatOfMime = (mime: string) => {
  const sub = mime.split('/')[1] ?? 'unknown';
  return sub === 'jpg' || sub === 'pjpeg' ? 'jpeg' : sub;
};

const videoFacts = async (source: SourceMedia, prepare: boolean): Promise<VideoFacts | null> => {
  try {
    if (source.localPath) return await videoFactsFromFile(source.localPath);
    // Remote providers: the first 16 MiB hold `moov` for "faststart" files, which is what web video is.
    if (prepare) return videoFactsFromBuffer(await readMediaBytes(source, 16 * 1024 * 1024));
  } catch {
    // The duration is then left for Meta to check.
  }
  return null;
};

const USERNAME = /^@?[A-Za-z0-9._]{1,30}$/;

/** `@a, @b` or a JSON array of usernames. */
export const parseUsernames = (value: unknown): string[] => {
  if (value === null || value === undefined || value === '') return [];
  let list: unknown[] = [];
  if (Array.isArray(value)) list = value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        const parsed = JSON.parse(text);
        list = Array.isArray(parsed) ? parsed : [];
      } catch {
        list = [];
      }
    } else {
      // In free text ("Shot with @ana and @ben") only @handles count; a bare list ("ana, ben") counts whole.
      const words = text.split(/[\s,;]+/).filter(Boolean);
      list = words.some((word) => word.startsWith('@')) ? words.filter((word) => word.startsWith('@')).map((word) => word.replace(/[.:!?)]+$/, '')) : words;
    }
  }
  return [...new Set(list.map((item) => String(typeof item === 'object' && item && 'username' in item ? (item as any).username : item).trim().replace(/^@+/, '')).filter((name) => USERNAME.test(name)))];
};

/** `@a, @b` (tagged at the centre) or JSON `[{ "username": "a", "x": 0.2, "y": 0.8 }]`. */
export const parseUserTags = (value: unknown, errors: string[]): UserTag[] => {
  if (value === null || value === undefined || value === '') return [];
  let raw: unknown = value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      raw = JSON.parse(value);
    } catch {
      errors.push('The user tags are not valid JSON.');
      return [];
    }
  }
  if (!Array.isArray(raw)) return parseUsernames(raw).map((username) => ({ username, x: 0.5, y: 0.5 }));
  const tags: UserTag[] = [];
  for (const item of raw) {
    if (typeof item === 'string') {
      const [username] = parseUsernames(item);
      if (username) tags.push({ username, x: 0.5, y: 0.5 });
      continue;
    }
    const tag = item as { username?: unknown; x?: unknown; y?: unknown };
    const [username] = parseUsernames(typeof tag?.username === 'string' ? tag.username : '');
    if (!username) {
      errors.push('A user tag has no valid username.');
      continue;
    }
    const x = tag.x === undefined ? 0.5 : Number(tag.x);
    const y = tag.y === undefined ? 0.5 : Number(tag.y);
    if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
      errors.push(`The tag of @${username} needs x and y between 0 and 1.`);
      continue;
    }
    tags.push({ username, x, y });
  }
  return tags;
};
