import type { ContainerParams } from '../instagram';
import type { Plan, PlannedMedia } from './plan';

/**
 * Container parameters per post kind (shared/instagram-api.md §2): what each kind takes, and what
 * it must not (caption and location only on a carousel parent, collaborators never on children).
 */

const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

/** Image, reel or story: one container. */
export const singleContainerParams = (plan: Plan): ContainerParams => {
  const item = plan.media[0];
  switch (plan.kind) {
    case 'image':
      return {
        imageUrl: item.url,
        caption: plan.caption || undefined,
        altText: item.alt ?? undefined,
        locationId: plan.locationId ?? undefined,
        userTags: nonEmpty(plan.userTags),
        collaborators: nonEmpty(plan.collaborators),
      };
    case 'reel':
      return {
        videoUrl: item.url,
        mediaType: 'REELS',
        caption: plan.caption || undefined,
        locationId: plan.locationId ?? undefined,
        userTags: nonEmpty(plan.userTags.map(({ username }) => ({ username }))),
        collaborators: nonEmpty(plan.collaborators),
        shareToFeed: plan.shareToFeed ?? undefined,
        coverUrl: plan.coverUrl ?? undefined,
      };
    case 'story':
      return {
        ...(item.isVideo ? { videoUrl: item.url } : { imageUrl: item.url }),
        mediaType: 'STORIES',
        userTags: nonEmpty(plan.userTags.map(({ username }) => ({ username }))),
      };
    default:
      throw new Error(`a ${plan.kind} is not a single-container post`);
  }
};

/** Carousel children: media, alt text on images, user tags on the first image only. */
export const childContainerParams = (plan: Plan): ContainerParams[] => {
  const firstImage = plan.media.findIndex((item) => !item.isVideo);
  return plan.media.map((item: PlannedMedia, index) =>
    item.isVideo
      ? { videoUrl: item.url, mediaType: 'VIDEO', isCarouselItem: true }
      : {
          imageUrl: item.url,
          isCarouselItem: true,
          altText: item.alt ?? undefined,
          userTags: index === firstImage ? nonEmpty(plan.userTags) : undefined,
        },
  );
};

/** Carousel parent: children, caption, location, collaborators. */
export const parentContainerParams = (plan: Plan, children: string[]): ContainerParams => ({
  mediaType: 'CAROUSEL',
  children,
  caption: plan.caption || undefined,
  locationId: plan.locationId ?? undefined,
  collaborators: nonEmpty(plan.collaborators),
});
