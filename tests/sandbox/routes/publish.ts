import type { SandboxCore } from '../context';
import { GraphError, err } from '../errors';
import { IG_USER } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { NodeCall, RouteModule } from '../graph/router';
import { ok, type SandboxResponse } from '../http/answer';
import { shortcode } from '../ids';
import type { ContainerRecord } from '../state';
import type { SandboxInstagramAccount, SandboxMedia } from '../types';
import { VIDEO_KINDS } from './container-params';

/** POST /{ig-user-id}/media_publish: a FINISHED container becomes media, within the daily quota. */
export const publishRoutes: RouteModule = (r) => {
  r.edge(IG_USER, 'media_publish', { POST: publishContainer });
};

/** Never publishes a container twice. */
function publishContainer(call: NodeCall<SandboxInstagramAccount>): SandboxResponse {
  requireScope(call, 'publish', 'publish media');
  const { ctx, core, node: account } = call;
  const creationId = ctx.params.creation_id;
  if (!creationId) throw err.param('The parameter creation_id is required');
  const containers = core.state.containers;
  const c = containers.get(creationId);
  if (!c || c.igUserId !== account.userId) {
    throw err.media(24, 2207008, `The media builder with creation id = ${creationId} does not exist or has been expired.`, 'Media builder not found');
  }
  if (c.kind === 'CAROUSEL_ITEM_IMAGE' || c.kind === 'CAROUSEL_ITEM_VIDEO') throw err.param('A carousel item is published through its carousel container');
  const status = containers.statusCode(c);
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
  if (core.state.quota.publishes.count(account.userId) >= core.options().quotaTotal) {
    throw err.media(9, 2207042, undefined, 'Publishing limit reached');
  }
  const media = createMedia(core, c, account);
  core.state.quota.publishes.record(account.userId);
  return ok({ id: media.id });
}

/** The media of a container (and of each carousel child), marking every container published. */
function createMedia(core: SandboxCore, c: ContainerRecord, account: SandboxInstagramAccount): SandboxMedia {
  const library = core.state.media;
  const now = core.clock.now();
  const m = newMedia(core, c, account, now);
  if (c.kind === 'CAROUSEL') {
    m.children = (c.children ?? []).map((childId) => {
      const child = core.state.containers.get(childId)!;
      const cm = newMedia(core, child, account, now);
      cm.parentId = m.id;
      child.publishedMediaId = cm.id;
      library.add(cm);
      return cm.id;
    });
    m.mediaUrl = m.children.length ? library.get(m.children[0])?.mediaUrl : undefined;
  }
  c.publishedMediaId = m.id;
  library.add(m);
  return m;
}

function newMedia(core: SandboxCore, c: ContainerRecord, account: SandboxInstagramAccount, now: number): SandboxMedia {
  const id = core.state.media.nextId();
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
