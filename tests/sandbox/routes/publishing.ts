import { DAY } from '../clock';
import type { RequestContext, SandboxCore } from '../context';
import { GraphError, err } from '../errors';
import type { SandboxResponse } from '../http-util';
import { shortcode } from '../ids';
import { LIMITS, checkImageFacts, checkVideo, fetchErrorToGraph, fetchMediaBytes, inspectImage, isPrivateHost, videoByteLimit } from '../media-check';
import type { ContainerRecord, TokenRecord } from '../state';
import type { ContainerKind, ContainerStatusCode, SandboxCaptionLimits, SandboxInstagramAccount, SandboxMedia } from '../types';
import { parseFields, pick } from './profile';

export type Host = 'instagram' | 'facebook';
type Action = 'read' | 'publish' | 'comments';

const SCOPES: Record<Action, Record<Host, string>> = {
  read: { instagram: 'instagram_business_basic', facebook: 'instagram_basic' },
  publish: { instagram: 'instagram_business_content_publish', facebook: 'instagram_content_publish' },
  comments: { instagram: 'instagram_business_manage_comments', facebook: 'instagram_manage_comments' },
};

const VIDEO_KINDS = new Set<ContainerKind>(['REELS', 'STORY_VIDEO', 'CAROUSEL_ITEM_VIDEO']);
const IMAGE_KINDS = new Set<ContainerKind>(['IMAGE', 'STORY_IMAGE', 'CAROUSEL_ITEM_IMAGE']);

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

export function canActFor(core: SandboxCore, rec: TokenRecord, host: Host, igUserId: string): boolean {
  if (host === 'instagram') return rec.igUserId === igUserId;
  return core.state.pagesOf(rec).some((p) => p.igUserId === igUserId);
}

export function requireScope(core: SandboxCore, rec: TokenRecord, host: Host, action: Action, what: string): void {
  const scopes = core.state.scopesOf(rec);
  const needed = SCOPES[action][host];
  if (!scopes.includes(needed)) throw err.permission(needed, what);
  if (host === 'facebook' && action !== 'read' && !scopes.includes(SCOPES.read.facebook)) throw err.permission(SCOPES.read.facebook, what);
}

/** Object ids a token may not see look like ids that do not exist, as Meta answers. */
export function requireAccount(core: SandboxCore, rec: TokenRecord, host: Host, igUserId: string, method: string): SandboxInstagramAccount {
  const account = core.state.igAccounts.get(igUserId);
  if (!account) throw err.unsupported(method, igUserId);
  if (!canActFor(core, rec, host, igUserId)) {
    throw new GraphError({ code: 10, message: '(#10) Application does not have permission for this action: the token does not belong to this Instagram account' });
  }
  return account;
}

// ---- container status ---------------------------------------------------------------------

export function containerStatusCode(core: SandboxCore, c: ContainerRecord): ContainerStatusCode {
  if (c.publishedMediaId) return 'PUBLISHED';
  const processed = c.checked && Date.now() >= c.readyAtReal;
  if (c.error && processed) return 'ERROR';
  if (core.clock.now() - c.createdAt >= DAY) return 'EXPIRED';
  return processed ? 'FINISHED' : 'IN_PROGRESS';
}

export function containerStatusText(code: ContainerStatusCode, c: ContainerRecord): string {
  switch (code) {
    case 'IN_PROGRESS':
      return 'In Progress: Media is still being processed.';
    case 'FINISHED':
      return 'Finished: Media has been uploaded and it is ready to be published.';
    case 'PUBLISHED':
      return 'Published: Media has been successfully published.';
    case 'EXPIRED':
      return 'Expired: The media was not published within 24 hours.';
    case 'ERROR':
      return `Error: ${c.error?.message ?? 'Media upload has failed'} (${c.error?.subcode ?? 2207001})`;
  }
}

// ---- parameter checks -----------------------------------------------------------------------

function kindOf(p: Record<string, string>): ContainerKind {
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

function requireUrl(p: Record<string, string>, name: 'image_url' | 'video_url', allowPrivate: boolean): string {
  const raw = p[name];
  if (!raw) throw err.param(`The parameter ${name} is required`);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw err.media(9004, 2207052, `The media could not be fetched from this URI: ${raw}`, 'Media download has failed.');
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || (!allowPrivate && isPrivateHost(u.hostname))) {
    throw err.media(9004, 2207052, `The media could not be fetched from this URI: ${raw}`, 'Media download has failed.');
  }
  return raw;
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

function checkParams(core: SandboxCore, kind: ContainerKind, p: Record<string, string>, account: SandboxInstagramAccount): void {
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
    const page = core.state.pages.get(p.location_id);
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

function checkChildren(core: SandboxCore, raw: string | undefined, igUserId: string): string[] {
  const ids = raw ? parseList(raw, 'children') : [];
  if (ids.length < 2 || ids.length > 10) throw err.param("Your post won't be shared as a carousel. Carousels need at least 2 photos/videos and no more than 10 photos/videos.", 2207028, { userTitle: 'Invalid carousel' });
  if (new Set(ids).size !== ids.length) throw err.param('A carousel cannot contain the same child twice', 2207028);
  for (const id of ids) {
    const c = core.state.containers.get(id);
    if (!c || c.igUserId !== igUserId) throw err.param(`The child ${id} is not a media container of this account`);
    if (c.kind !== 'CAROUSEL_ITEM_IMAGE' && c.kind !== 'CAROUSEL_ITEM_VIDEO') throw err.param(`The child ${id} was not created with is_carousel_item=true`);
    const status = containerStatusCode(core, c);
    // Children must be FINISHED before the parent is created; the sandbox answers that synchronously.
    if (status === 'IN_PROGRESS') throw err.media(9007, 2207027, 'Media ID is not available', 'Media not ready for publishing');
    if (status === 'EXPIRED') throw err.media(-2, 2207020);
    if (status === 'ERROR') throw err.param(`The child ${id} failed processing: ${containerStatusText(status, c)}`, 2207028);
    if (status === 'PUBLISHED' || [...core.state.containers.values()].some((o) => o.kind === 'CAROUSEL' && o.publishedMediaId && o.children?.includes(id))) {
      throw err.param(`The child ${id} was already published`);
    }
  }
  return ids;
}

// ---- create / publish -------------------------------------------------------------------------

/**
 * POST /{ig-user-id}/media. Images are downloaded and checked before answering (Meta answers image
 * errors on this call); videos are checked in the background and end as container ERROR, as Meta does.
 */
export async function createContainer(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, host: Host, account: SandboxInstagramAccount): Promise<SandboxResponse> {
  requireScope(core, rec, host, 'publish', 'create media');
  const opts = core.options();
  const state = core.state;
  const recent = state.windowed(state.containerTimes, account.userId);
  if (recent.length >= opts.containerLimitPerDay) {
    const minutes = Math.max(1, Math.ceil((recent[0] + DAY - core.clock.now()) / 60000));
    throw new GraphError({
      code: 4,
      message: `(#4) Application request limit reached: at most ${opts.containerLimitPerDay} media containers per account in 24 hours`,
      isTransient: true,
      headers: { 'x-business-use-case-usage': JSON.stringify({ [account.userId]: [{ type: 'instagram', call_count: 100, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: minutes }] }) },
    });
  }
  const p = ctx.params;
  const kind = kindOf(p);
  if ((kind === 'STORY_IMAGE' || kind === 'STORY_VIDEO') && account.accountType !== 'BUSINESS') {
    throw new GraphError({ code: 10, message: '(#10) Stories can only be published by Instagram Business accounts', userTitle: 'Stories not available' });
  }
  checkParams(core, kind, p, account);
  const children = kind === 'CAROUSEL' ? checkChildren(core, p.children, account.userId) : undefined;

  let media: ContainerRecord['media'];
  let url: string | undefined;
  if (IMAGE_KINDS.has(kind)) {
    url = requireUrl(p, 'image_url', opts.allowPrivateMediaUrls);
    if (opts.fetchMedia) {
      let bytes: Buffer;
      try {
        bytes = (await fetchMediaBytes(url, { maxBytes: LIMITS.imageBytes, timeoutMs: opts.mediaFetchTimeoutMs, allowPrivate: opts.allowPrivateMediaUrls })).bytes;
      } catch (e) {
        throw fetchErrorToGraph(e, url, false);
      }
      const facts = await inspectImage(bytes);
      checkImageFacts(facts, kind);
      media = facts;
    }
  } else if (VIDEO_KINDS.has(kind)) {
    url = requireUrl(p, 'video_url', opts.allowPrivateMediaUrls);
  }

  const video = VIDEO_KINDS.has(kind);
  const params = { ...p };
  delete params.access_token;
  delete params.appsecret_proof;
  const c: ContainerRecord = {
    id: state.nextContainerId(),
    igUserId: account.userId,
    host,
    kind,
    params,
    children,
    createdAt: core.clock.now(),
    readyAtReal: Date.now() + (video ? opts.videoProcessingMs : opts.containerProcessingMs),
    checked: true,
    media,
  };
  if (ctx.containerError) c.error = { subcode: ctx.containerError.subcode, message: ctx.containerError.message ?? defaultContainerError(ctx.containerError.subcode) };
  state.containers.set(c.id, c);
  state.record(state.containerTimes, account.userId);
  if (video && url && opts.fetchMedia) startVideoCheck(core, c, url, p.thumb_offset !== undefined ? Number(p.thumb_offset) : undefined);
  return { status: 200, json: { id: c.id } };
}

function defaultContainerError(subcode: number): string {
  return err.media(-1, subcode).message;
}

function startVideoCheck(core: SandboxCore, c: ContainerRecord, url: string, thumbOffsetMs: number | undefined): void {
  c.checked = false;
  const epoch = core.state.epoch;
  const opts = core.options();
  void (async () => {
    let error: ContainerRecord['error'];
    try {
      const { bytes } = await fetchMediaBytes(url, { maxBytes: videoByteLimit(c.kind), timeoutMs: opts.mediaFetchTimeoutMs, allowPrivate: opts.allowPrivateMediaUrls });
      c.media = checkVideo(bytes, c.kind, thumbOffsetMs);
    } catch (e) {
      const g = e instanceof GraphError ? e : fetchErrorToGraph(e, url, true);
      error = { subcode: g.subcode ?? 2207053, message: g.message };
    }
    if (core.state.epoch !== epoch || core.isClosed()) return;
    if (error && !c.error) c.error = error;
    c.checked = true;
  })();
}

/** POST /{ig-user-id}/media_publish. Never publishes a container twice. */
export function publishContainer(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, host: Host, account: SandboxInstagramAccount): SandboxResponse {
  requireScope(core, rec, host, 'publish', 'publish media');
  const creationId = ctx.params.creation_id;
  if (!creationId) throw err.param('The parameter creation_id is required');
  const c = core.state.containers.get(creationId);
  if (!c || c.igUserId !== account.userId) {
    throw err.media(24, 2207008, `The media builder with creation id = ${creationId} does not exist or has been expired.`, 'Media builder not found');
  }
  if (c.kind === 'CAROUSEL_ITEM_IMAGE' || c.kind === 'CAROUSEL_ITEM_VIDEO') throw err.param('A carousel item is published through its carousel container');
  const status = containerStatusCode(core, c);
  if (status === 'EXPIRED') throw err.media(-2, 2207020, undefined, 'Media expired');
  if (status !== 'FINISHED') {
    // PUBLISHED and ERROR answer like IN_PROGRESS: the container's status_code tells the client which it is.
    throw new GraphError({
      code: 9007,
      subcode: 2207027,
      message: 'Media ID is not available',
      userTitle: 'Media not ready for publishing',
      userMsg: status === 'PUBLISHED' ? 'The media has already been published.' : status === 'ERROR' ? 'The media failed processing.' : 'The media is not ready for publishing, please wait for a moment',
    });
  }
  const quota = core.state.windowed(core.state.publishTimes, account.userId);
  if (quota.length >= core.options().quotaTotal) {
    throw err.media(9, 2207042, undefined, 'Publishing limit reached');
  }
  const media = createMedia(core, c, account);
  core.state.record(core.state.publishTimes, account.userId);
  return { status: 200, json: { id: media.id } };
}

function createMedia(core: SandboxCore, c: ContainerRecord, account: SandboxInstagramAccount): SandboxMedia {
  const state = core.state;
  const now = core.clock.now();
  const m = newMedia(core, c, account, now);
  if (c.kind === 'CAROUSEL') {
    m.children = (c.children ?? []).map((childId) => {
      const child = state.containers.get(childId)!;
      const cm = newMedia(core, child, account, now);
      cm.parentId = m.id;
      child.publishedMediaId = cm.id;
      state.media.set(cm.id, cm);
      return cm.id;
    });
    m.mediaUrl = m.children.length ? state.media.get(m.children[0])?.mediaUrl : undefined;
  }
  c.publishedMediaId = m.id;
  state.media.set(m.id, m);
  let list = state.mediaByUser.get(account.userId);
  if (!list) state.mediaByUser.set(account.userId, (list = []));
  list.push(m.id);
  return m;
}

function newMedia(core: SandboxCore, c: ContainerRecord, account: SandboxInstagramAccount, now: number): SandboxMedia {
  const id = core.state.nextMediaId();
  const code = shortcode();
  const story = c.kind === 'STORY_IMAGE' || c.kind === 'STORY_VIDEO';
  const reel = c.kind === 'REELS';
  const video = VIDEO_KINDS.has(c.kind);
  return {
    id,
    igUserId: account.userId,
    username: account.username,
    containerId: c.id,
    mediaType: c.kind === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : video ? 'VIDEO' : 'IMAGE',
    productType: story ? 'STORY' : reel ? 'REELS' : 'FEED',
    shortcode: code,
    // Meta's three permalink forms, on the sandbox's own host, which serves a page for each (routes/post-pages.ts).
    permalink: `${core.baseUrl()}${story ? `/stories/${account.username}/${id}/` : reel ? `/reel/${code}/` : `/p/${code}/`}`,
    timestamp: now,
    caption: c.params.caption,
    mediaUrl: c.params.image_url ?? c.params.video_url,
    thumbnailUrl: c.params.cover_url,
    comments: [],
  };
}

// ---- reads ---------------------------------------------------------------------------------

export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const MEDIA_DEFAULT_FIELDS = ['id'];

export function mediaNode(m: SandboxMedia): Record<string, unknown> {
  return {
    id: m.id,
    permalink: m.permalink,
    shortcode: m.shortcode,
    timestamp: graphTimestamp(m.timestamp),
    media_type: m.mediaType,
    media_product_type: m.productType,
    caption: m.caption,
    media_url: m.mediaUrl,
    thumbnail_url: m.mediaType === 'VIDEO' ? m.thumbnailUrl : undefined,
    username: m.username,
    owner: { id: m.igUserId },
    is_comment_enabled: m.productType !== 'STORY',
    comments_count: m.comments.length,
    like_count: 0,
    children: m.children ? { data: m.children.map((id) => ({ id })) } : undefined,
  };
}

export function getMedia(ctx: RequestContext, m: SandboxMedia): SandboxResponse {
  return { status: 200, json: pick(mediaNode(m), parseFields(ctx.params.fields), MEDIA_DEFAULT_FIELDS, 'IGMedia') };
}

export function getContainer(ctx: RequestContext, core: SandboxCore, c: ContainerRecord): SandboxResponse {
  if (ctx.containerError) {
    c.error = { subcode: ctx.containerError.subcode, message: ctx.containerError.message ?? defaultContainerError(ctx.containerError.subcode) };
    c.readyAtReal = Math.min(c.readyAtReal, Date.now());
    c.checked = true;
  }
  const code = containerStatusCode(core, c);
  const node = { id: c.id, status_code: code, status: containerStatusText(code, c) };
  return { status: 200, json: pick(node, parseFields(ctx.params.fields), ['id'], 'ShadowIGMediaBuilder') };
}

export function publishingLimit(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, host: Host, account: SandboxInstagramAccount): SandboxResponse {
  requireScope(core, rec, host, 'publish', 'read the publishing limit');
  const used = core.state.windowed(core.state.publishTimes, account.userId).length;
  const node = { quota_usage: used, config: { quota_total: core.options().quotaTotal, quota_duration: 86400 } };
  const fields = parseFields(ctx.params.fields) ?? ['quota_usage'];
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!(f in node)) throw err.nonexistingField(f, 'ContentPublishingLimit');
    out[f] = node[f as keyof typeof node];
  }
  return { status: 200, json: { data: [out] } };
}

/** `/media` lists feed posts and reels, `/stories` the stories: newest first, as Meta does. */
export function listMedia(ctx: RequestContext, core: SandboxCore, account: SandboxInstagramAccount, edge: 'feed' | 'stories'): SandboxResponse {
  const ids = [...(core.state.mediaByUser.get(account.userId) ?? [])]
    .filter((id) => (core.state.media.get(id)!.productType === 'STORY') === (edge === 'stories'))
    .reverse();
  const limit = Math.min(Math.max(Number(ctx.params.limit) || 25, 1), 100);
  const start = ctx.params.after ? Number(Buffer.from(ctx.params.after, 'base64url').toString()) || 0 : 0;
  const slice = ids.slice(start, start + limit);
  const fields = parseFields(ctx.params.fields);
  const data = slice.map((id) => pick(mediaNode(core.state.media.get(id)!), fields, MEDIA_DEFAULT_FIELDS, 'IGMedia'));
  const json: Record<string, unknown> = { data };
  if (start + slice.length < ids.length) {
    const after = Buffer.from(String(start + slice.length)).toString('base64url');
    json.paging = { cursors: { after } };
  }
  return { status: 200, json };
}

export function comments(ctx: RequestContext, core: SandboxCore, rec: TokenRecord, host: Host, m: SandboxMedia): SandboxResponse {
  requireScope(core, rec, host, 'comments', 'comment on media');
  if (ctx.method === 'GET') {
    return { status: 200, json: { data: m.comments.map((c) => ({ id: c.id, text: c.text, timestamp: graphTimestamp(c.timestamp), username: c.username })) } };
  }
  const message = ctx.params.message;
  if (!message) throw err.param('The parameter message is required');
  if ([...message].length > 2200) throw err.param('Param message must be at most 2200 characters');
  if (m.productType === 'STORY') throw err.param('Stories cannot be commented on');
  const id = core.state.nextCommentId();
  m.comments.push({ id, text: message, timestamp: core.clock.now(), username: m.username });
  return { status: 200, json: { id } };
}
