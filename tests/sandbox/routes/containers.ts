import { DAY } from '../clock';
import type { SandboxCore } from '../context';
import { GraphError } from '../errors';
import { fieldsOf } from '../graph/fields';
import { CONTAINER, IG_USER } from '../graph/nodes';
import { requireScope } from '../graph/permissions';
import type { NodeCall, RouteModule } from '../graph/router';
import { ok, type SandboxResponse } from '../http/answer';
import { LIMITS, checkImageFacts, checkVideo, fetchErrorToGraph, fetchMediaBytes, inspectImage, videoByteLimit } from '../media-check';
import { containerError, type ContainerRecord } from '../state';
import type { SandboxInstagramAccount } from '../types';
import { IMAGE_KINDS, VIDEO_KINDS, checkChildren, checkParams, kindOf, requireUrl } from './container-params';

/** Media containers: POST /{ig-user-id}/media creates one, GET /{container-id} reads its status. */
export const containerRoutes: RouteModule = (r) => {
  r.edge(IG_USER, 'media', { POST: createContainer });
  r.node(CONTAINER, { GET: readContainer });
};

/**
 * POST /{ig-user-id}/media. Images are downloaded and checked before answering (Meta answers image
 * errors on this call); videos are checked in the background and end as container ERROR, as Meta does.
 */
async function createContainer(call: NodeCall<SandboxInstagramAccount>): Promise<SandboxResponse> {
  requireScope(call, 'publish', 'create media');
  const { ctx, core, host, node: account } = call;
  const opts = core.options();
  const state = core.state;
  const recent = state.quota.containers.within(account.userId);
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
    id: state.containers.nextId(),
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
  // An injected containerError: the container is created, and reports ERROR once processed.
  if (ctx.containerError) c.error = containerError(ctx.containerError.subcode, ctx.containerError.message);
  state.containers.add(c);
  state.quota.containers.record(account.userId);
  if (video && url && opts.fetchMedia) startVideoCheck(core, c, url, p.thumb_offset !== undefined ? Number(p.thumb_offset) : undefined);
  return ok({ id: c.id });
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

/** GET /{container-id}: status_code and status; an injected containerError turns it to ERROR now. */
function readContainer({ ctx, core, node: c }: NodeCall<ContainerRecord>): SandboxResponse {
  const containers = core.state.containers;
  if (ctx.containerError) containers.fail(c, ctx.containerError.subcode, ctx.containerError.message);
  const code = containers.statusCode(c);
  return ok(fieldsOf({ id: c.id, status_code: code, status: containers.statusText(code, c) }, ctx.params, ['id'], 'ShadowIGMediaBuilder'));
}
