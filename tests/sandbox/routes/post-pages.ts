import type { SandboxCore } from '../context';
import { errorPage, mediaPage } from '../html';
import type { SandboxResponse } from '../http/answer';
import type { SandboxMedia } from '../types';
import { avatarUrl } from './profile';

/** Permalink paths the sandbox gives its media, in Meta's three forms: posts, reels, stories. */
const POST = /^\/(?:p|reel)\/([A-Za-z0-9_-]+)\/?$/;
const STORY = /^\/stories\/([^/]+)\/(\d+)\/?$/;

export const isPostPagePath = (pathname: string): boolean => POST.test(pathname) || STORY.test(pathname);

/**
 * What a sandbox permalink opens: a page showing the published media and its caption, so a
 * link in the admin leads somewhere real instead of an instagram.com address that does not exist.
 */
export function postPage(core: SandboxCore, pathname: string): SandboxResponse {
  const media = findMedia(core, pathname);
  if (!media) return { status: 404, html: errorPage('Post not found', `The sandbox has no published media at ${pathname}.`) };
  const children = (media.children ?? []).map((id) => core.state.media.get(id)).filter((child): child is SandboxMedia => Boolean(child));
  return { status: 200, html: mediaPage(media, children, avatarUrl(core, { username: media.username })) };
}

function findMedia(core: SandboxCore, pathname: string): SandboxMedia | undefined {
  const story = STORY.exec(pathname);
  if (story) {
    const media = core.state.media.get(story[2]);
    return media && media.productType === 'STORY' && media.username === decodeURIComponent(story[1]) ? media : undefined;
  }
  const code = POST.exec(pathname)?.[1];
  if (!code) return undefined;
  for (const media of core.state.media.values()) if (media.shortcode === code && media.productType !== 'STORY') return media;
  return undefined;
}
