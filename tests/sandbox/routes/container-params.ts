import type { SandboxCore } from '../context';
import { GraphError, err } from '../errors';
import { isPrivateHost } from '../media-check';
import type { ContainerKind, SandboxCaptionLimits, SandboxInstagramAccount } from '../types';

/** The parameter rules of POST /{ig-user-id}/media (shared/instagram-api.md §2), answered as Meta does. */

export const VIDEO_KINDS = new Set<ContainerKind>(['REELS', 'STORY_VIDEO', 'CAROUSEL_ITEM_VIDEO']);
export const IMAGE_KINDS = new Set<ContainerKind>(['IMAGE', 'STORY_IMAGE', 'CAROUSEL_ITEM_IMAGE']);

/** Which optional parameters each container kind takes (shared/instagram-api.md §2). */
const ALLOWED: Record<ContainerKind, ReadonlySet<string>> = {
  IMAGE: new Set(['caption', 'alt_text', 'location_id', 'user_tags', 'collaborators']),
  CAROUSEL_ITEM_IMAGE: new Set(['alt_text', 'user_tags']),
  CAROUSEL_ITEM_VIDEO: new Set([]),
  CAROUSEL: new Set(['caption', 'location_id', 'collaborators']),
  REELS: new Set(['caption', 'location_id', 'user_tags', 'collaborators', 'share_to_feed', 'cover_url', 'thumb_offset', 'audio_name']),
  STORY_IMAGE: new Set(['user_tags']),
  STORY_VIDEO: new Set(['user_tags']),
};
const CHECKED_PARAMS = ['caption', 'alt_text', 'location_id', 'user_tags', 'collaborators', 'share_to_feed', 'cover_url', 'thumb_offset', 'audio_name'];

const KIND_LABEL: Record<ContainerKind, string> = {
  IMAGE: 'image posts',
  CAROUSEL_ITEM_IMAGE: 'carousel items',
  CAROUSEL_ITEM_VIDEO: 'carousel items',
  CAROUSEL: 'carousel containers',
  REELS: 'reels',
  STORY_IMAGE: 'stories',
  STORY_VIDEO: 'stories',
};

/** The container kind the media_type / is_carousel_item / url parameters ask for. */
export function kindOf(p: Record<string, string>): ContainerKind {
  const mediaType = p.media_type?.toUpperCase();
  const carouselItem = p.is_carousel_item === 'true' || p.is_carousel_item === '1';
  switch (mediaType) {
    case 'CAROUSEL':
      if (carouselItem) throw err.param('A carousel container cannot itself be a carousel item');
      return 'CAROUSEL';
    case 'REELS':
      if (carouselItem) throw err.param('Carousel video items use media_type=VIDEO, not REELS');
      return 'REELS';
    case 'STORIES':
      if (carouselItem) throw err.param('Stories cannot be carousel items');
      if (p.image_url && p.video_url) throw err.param('Send either image_url or video_url for a story, not both');
      if (!p.image_url && !p.video_url) throw err.param('The parameter image_url or video_url is required for a story');
      return p.video_url ? 'STORY_VIDEO' : 'STORY_IMAGE';
    case 'VIDEO':
      if (carouselItem) return 'CAROUSEL_ITEM_VIDEO';
      // Single feed videos were retired in 2023-11: they are reels now.
      throw err.param('The media type VIDEO is no longer supported for feed posts. Use media_type=REELS.', 2207023, { userTitle: 'Unsupported media type' });
    case undefined:
    case 'IMAGE':
      if (p.video_url && !p.image_url) throw err.param('The parameter video_url requires media_type REELS, STORIES, or VIDEO for a carousel item', 2207023);
      return carouselItem ? 'CAROUSEL_ITEM_IMAGE' : 'IMAGE';
    default:
      throw err.param(`The media type ${p.media_type} is unknown.`, 2207023, { userTitle: 'Unknown media type' });
  }
}

/** The media URL, which Meta's fetcher must be able to reach (9004/2207052 otherwise). */
export function requireUrl(p: Record<string, string>, name: 'image_url' | 'video_url', allowPrivate: boolean): string {
  const raw = p[name];
  if (!raw) throw err.param(`The parameter ${name} is required`);
  if (!fetchable(raw, allowPrivate)) throw err.media(9004, 2207052, `The media could not be fetched from this URI: ${raw}`, 'Media download has failed.');
  return raw;
}

function fetchable(raw: string, allowPrivate: boolean): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (allowPrivate || !isPrivateHost(u.hostname));
  } catch {
    return false;
  }
}

function parseList(raw: string, name: string): string[] {
  const t = raw.trim();
  if (t.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      throw err.param(`Param ${name} must be a JSON array or a comma-separated list`);
    }
    if (!Array.isArray(v)) throw err.param(`Param ${name} must be an array`);
    return v.map((x) => String(x).trim());
  }
  return t
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

const HASHTAG = /#[\p{L}\p{N}_]+/gu;
const MENTION = /(^|[^\w@])@[A-Za-z0-9._]+/g;

export function checkCaption(caption: string, limits: SandboxCaptionLimits): void {
  const length = [...caption].length;
  const hashtags = caption.match(HASHTAG)?.length ?? 0;
  const mentions = caption.match(MENTION)?.length ?? 0;
  if (length > limits.characters || hashtags > limits.hashtags || mentions > limits.mentions) {
    throw err.media(
      36004,
      2207010,
      `The caption is too long or has too many tags (${length} characters, ${hashtags} hashtags, ${mentions} mentions; at most ${limits.characters}, ${limits.hashtags} and ${limits.mentions}).`,
      'Caption too long',
    );
  }
}

/** Usernames starting with `unknown_` stand for accounts that do not exist. */
function userExists(username: string): boolean {
  return !/^unknown_/i.test(username);
}

const USERNAME = /^[A-Za-z0-9._]{1,30}$/;

/** Parameters the kind does not take, and the value rules of those it does. */
export function checkParams(core: SandboxCore, kind: ContainerKind, p: Record<string, string>, account: SandboxInstagramAccount): void {
  for (const name of CHECKED_PARAMS) {
    if (p[name] !== undefined && p[name] !== '' && !ALLOWED[kind].has(name)) {
      throw err.param(`The parameter ${name} is not supported for ${KIND_LABEL[kind]}`);
    }
  }
  if (IMAGE_KINDS.has(kind) && p.video_url) throw err.param('video_url cannot be combined with an image container');
  if (VIDEO_KINDS.has(kind) && p.image_url) throw err.param('image_url cannot be combined with a video container');
  if (kind === 'CAROUSEL' && (p.image_url || p.video_url)) throw err.param('A carousel container takes children, not image_url or video_url');
  if (kind !== 'CAROUSEL' && p.children) throw err.param('The parameter children is only supported with media_type=CAROUSEL');

  if (p.caption) checkCaption(p.caption, core.options().captionLimits);
  if (p.alt_text !== undefined && [...p.alt_text].length > 1000) throw err.param('Param alt_text must be at most 1000 characters');
  if (p.location_id) {
    const page = core.state.directory.pages.get(p.location_id);
    if (!page?.isLocation) throw err.param(`Param location_id must be a valid location page id (${p.location_id})`);
  }
  if (p.user_tags) checkUserTags(kind, p.user_tags);
  if (p.collaborators) {
    const list = parseList(p.collaborators, 'collaborators');
    if (list.length > 3) throw err.param('At most 3 collaborators can be invited to a post');
    for (const c of list) {
      if (c.startsWith('@')) throw err.param(`Collaborator usernames are sent without "@" (${c})`);
      if (!USERNAME.test(c)) throw err.param(`Invalid collaborator username ${c}`);
      if (!userExists(c) || c.toLowerCase() === account.username.toLowerCase()) {
        throw new GraphError({ code: 110, subcode: 2207018, message: `The collaborator ${c} could not be invited.`, userTitle: 'Invalid collaborator' });
      }
    }
  }
  if (p.share_to_feed !== undefined && p.share_to_feed !== 'true' && p.share_to_feed !== 'false') throw err.param('Param share_to_feed must be a boolean');
  if (p.thumb_offset !== undefined && !/^\d+$/.test(p.thumb_offset)) throw err.param('Param thumb_offset must be a non-negative integer (milliseconds)');
  if (p.cover_url !== undefined) {
    try {
      const u = new URL(p.cover_url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      throw err.param('Param cover_url must be an http(s) URL');
    }
  }
}

function checkUserTags(kind: ContainerKind, raw: string): void {
  let tags: unknown;
  try {
    tags = JSON.parse(raw);
  } catch {
    throw err.param('Param user_tags must be a JSON array of {username, x, y}');
  }
  if (!Array.isArray(tags)) throw err.param('Param user_tags must be a JSON array of {username, x, y}');
  if (tags.length > 20) throw err.param('Cannot use more than 20 tags per created media.', 2207040, { userTitle: 'Too many tags' });
  const video = kind === 'REELS';
  const positioned = kind === 'IMAGE' || kind === 'CAROUSEL_ITEM_IMAGE';
  tags.forEach((t: unknown, i: number) => {
    if (!t || typeof t !== 'object') throw err.param(`Param user_tags[${i}] must be an object`);
    const { username, x, y } = t as { username?: unknown; x?: unknown; y?: unknown };
    if (typeof username !== 'string' || !USERNAME.test(username.replace(/^@/, ''))) throw err.param(`Param user_tags[${i}][username] must be a valid username`);
    if (!userExists(username)) throw err.param(`Param user_tags[${i}][username]: the user ${username} does not exist`);
    const hasXY = x !== undefined || y !== undefined;
    if (video && hasXY) throw err.param('Tags on reels take no x/y position');
    if (positioned || hasXY) {
      const nx = Number(x);
      const ny = Number(y);
      if (!Number.isFinite(nx) || !Number.isFinite(ny) || nx < 0 || nx > 1 || ny < 0 || ny > 1) {
        throw err.param(`Param user_tags[${i}] needs x and y between 0.0 and 1.0`);
      }
    }
  });
}

/** A carousel's children: 2 to 10 FINISHED, unpublished carousel items of the same account. */
export function checkChildren(core: SandboxCore, raw: string | undefined, igUserId: string): string[] {
  const ids = raw ? parseList(raw, 'children') : [];
  if (ids.length < 2 || ids.length > 10) throw err.param("Your post won't be shared as a carousel. Carousels need at least 2 photos/videos and no more than 10 photos/videos.", 2207028, { userTitle: 'Invalid carousel' });
  if (new Set(ids).size !== ids.length) throw err.param('A carousel cannot contain the same child twice', 2207028);
  const containers = core.state.containers;
  for (const id of ids) {
    const c = containers.get(id);
    if (!c || c.igUserId !== igUserId) throw err.param(`The child ${id} is not a media container of this account`);
    if (c.kind !== 'CAROUSEL_ITEM_IMAGE' && c.kind !== 'CAROUSEL_ITEM_VIDEO') throw err.param(`The child ${id} was not created with is_carousel_item=true`);
    const status = containers.statusCode(c);
    // Children must be FINISHED before the parent is created; the sandbox answers that synchronously.
    if (status === 'IN_PROGRESS') throw err.media(9007, 2207027, 'Media ID is not available', 'Media not ready for publishing');
    if (status === 'EXPIRED') throw err.media(-2, 2207020);
    if (status === 'ERROR') throw err.param(`The child ${id} failed processing: ${containers.statusText(status, c)}`, 2207028);
    if (status === 'PUBLISHED' || containers.publishedInCarousel(id)) {
      throw err.param(`The child ${id} was already published`);
    }
  }
  return ids;
}
