/**
 * Instagram's media rules (shared/instagram-api.md §2), as pure functions: what is wrong with a
 * file for a given use, and whether a JPEG rendition can fix it. Checked before any Graph call.
 */

export const IMAGE_RULES = {
  maxBytes: 8 * 1024 * 1024,
  minRatio: 0.8,
  maxRatio: 1.91,
  /** A 1200×628 "1.91:1" export is 1.911: Meta accepts it, so do we. */
  ratioTolerance: 0.005,
  minWidth: 320,
  maxWidth: 1440,
} as const;

export const VIDEO_RULES = {
  reel: { maxBytes: 300 * 1024 * 1024, minSec: 3, maxSec: 15 * 60 },
  story: { maxBytes: 100 * 1024 * 1024, minSec: 3, maxSec: 60 },
  carousel: { maxBytes: 300 * 1024 * 1024, minSec: 3, maxSec: 60 },
  maxWidth: 1920,
  mimes: ['video/mp4', 'video/quicktime'],
} as const;

export const CAROUSEL_RULES = { min: 2, max: 10 } as const;

export type MediaUse = 'feed' | 'carousel' | 'story' | 'reel';

export interface ImageFacts {
  format: string;
  bytes: number;
  width: number;
  height: number;
}

/** Reasons a rendition is needed; empty when the file can be sent as is. */
export const imageFixes = (facts: ImageFacts, use: MediaUse, targetRatio: number | null): string[] => {
  const fixes: string[] = [];
  if (facts.format !== 'jpeg') fixes.push(`${facts.format.toUpperCase()} is converted to JPEG (Instagram accepts JPEG only)`);
  if (facts.bytes > IMAGE_RULES.maxBytes) fixes.push('larger than 8 MiB: re-encoded smaller');
  if (facts.width > IMAGE_RULES.maxWidth) fixes.push(`${facts.width} px wide: scaled down to ${IMAGE_RULES.maxWidth} px`);
  if (use !== 'story' && facts.height > 0) {
    const ratio = facts.width / facts.height;
    const target = targetRatioFor(ratio, targetRatio);
    if (target !== null) fixes.push(`aspect ratio ${ratio.toFixed(2)} brought to ${target.toFixed(2)}`);
  }
  return fixes;
};

/**
 * The ratio an image must be brought to, or null when it is fine: carousel children follow the
 * first item's ratio (Meta crops them to it anyway); other images only need to be inside 4:5–1.91:1.
 */
export const targetRatioFor = (ratio: number, carouselRatio: number | null): number | null => {
  if (carouselRatio !== null) return Math.abs(ratio - carouselRatio) > IMAGE_RULES.ratioTolerance * 2 ? carouselRatio : null;
  if (ratio >= IMAGE_RULES.minRatio - IMAGE_RULES.ratioTolerance && ratio <= IMAGE_RULES.maxRatio + IMAGE_RULES.ratioTolerance) return null;
  return clampRatio(ratio);
};

export const clampRatio = (ratio: number) => Math.min(IMAGE_RULES.maxRatio, Math.max(IMAGE_RULES.minRatio, ratio));

/** Warnings Meta would not refuse but editors should know about. */
export const imageWarnings = (facts: ImageFacts): string[] =>
  facts.width > 0 && facts.width < IMAGE_RULES.minWidth ? [`only ${facts.width} px wide: Instagram scales it up to ${IMAGE_RULES.minWidth} px and it may look blurry`] : [];

export interface VideoCheckInput {
  mime: string;
  bytes: number;
  durationSec: number | null;
  width: number | null;
}

/** Problems no rendition fixes (the plugin does not transcode video). */
export const videoProblems = (video: VideoCheckInput, use: 'reel' | 'story' | 'carousel'): string[] => {
  const rules = VIDEO_RULES[use];
  const label = use === 'reel' ? 'a reel' : use === 'story' ? 'a story video' : 'a carousel video';
  const problems: string[] = [];
  if (!(VIDEO_RULES.mimes as readonly string[]).includes(video.mime)) {
    problems.push(`${video.mime} is not accepted for ${label}: use an MP4 or MOV video (H.264 or HEVC, AAC audio)`);
  }
  if (video.bytes > rules.maxBytes) problems.push(`the video is ${mb(video.bytes)} MB; ${label} may be at most ${mb(rules.maxBytes)} MB`);
  if (video.durationSec !== null && (video.durationSec < rules.minSec || video.durationSec > rules.maxSec)) {
    problems.push(`the video lasts ${video.durationSec.toFixed(1)} s; ${label} must last between ${rules.minSec} s and ${rules.maxSec} s`);
  }
  if (video.width !== null && video.width > VIDEO_RULES.maxWidth) {
    problems.push(`the video is ${video.width} px wide; Instagram accepts at most ${VIDEO_RULES.maxWidth} px`);
  }
  return problems;
};

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

export const isVideoMime = (mime: string) => mime.startsWith('video/');
export const isImageMime = (mime: string) => mime.startsWith('image/');
