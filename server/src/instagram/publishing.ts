/** Content publishing, the same for both logins on their own Graph host (instagram-api.md §2). */
import { encodeId, type Account, type AccountCalls } from './account-calls';
import {
  containerStatusSchema,
  idResponseSchema,
  mediaListSchema,
  mediaSchema,
  publishingLimitSchema,
  type ContainerStatus,
  type Media,
  type PublishingLimit,
} from './schemas';

export type ContainerMediaType = 'IMAGE' | 'VIDEO' | 'CAROUSEL' | 'REELS' | 'STORIES';

/** Fields of `POST /{ig-user-id}/media` (instagram-api.md §2); which apply depends on the post kind. */
export interface ContainerParams {
  imageUrl?: string;
  videoUrl?: string;
  /** Omit for a single image; VIDEO only for a carousel child (single videos are REELS). */
  mediaType?: ContainerMediaType;
  isCarouselItem?: boolean;
  /** Carousel children container ids, 2 to 10. */
  children?: string[];
  caption?: string;
  altText?: string;
  locationId?: string;
  /** x and y in 0..1; omitted for reels. */
  userTags?: Array<{ username: string; x?: number; y?: number }>;
  /** Up to 3 usernames. */
  collaborators?: string[];
  shareToFeed?: boolean;
  coverUrl?: string;
  /** Milliseconds into the video. */
  thumbOffset?: number;
}

const MEDIA_FIELDS = 'id,permalink,shortcode,timestamp,media_type,media_product_type';
const RECENT_MEDIA_FIELDS = `${MEDIA_FIELDS},caption`;

const stripAt = (username: string): string => username.trim().replace(/^@+/, '');

/** Meta wants children as a comma list, user_tags and collaborators as JSON. */
export const serializeContainerParams = (params: ContainerParams): Record<string, string> => {
  const form: Record<string, string> = {};
  if (params.imageUrl !== undefined) form.image_url = params.imageUrl;
  if (params.videoUrl !== undefined) form.video_url = params.videoUrl;
  if (params.mediaType !== undefined) form.media_type = params.mediaType;
  if (params.isCarouselItem) form.is_carousel_item = 'true';
  if (params.children && params.children.length > 0) form.children = params.children.join(',');
  if (params.caption !== undefined) form.caption = params.caption;
  if (params.altText !== undefined) form.alt_text = params.altText;
  if (params.locationId !== undefined) form.location_id = params.locationId;
  if (params.userTags && params.userTags.length > 0) {
    form.user_tags = JSON.stringify(
      params.userTags.map((tag) => ({
        username: stripAt(tag.username),
        ...(tag.x !== undefined ? { x: tag.x } : {}),
        ...(tag.y !== undefined ? { y: tag.y } : {}),
      })),
    );
  }
  if (params.collaborators && params.collaborators.length > 0) {
    form.collaborators = JSON.stringify(params.collaborators.map(stripAt));
  }
  if (params.shareToFeed !== undefined) form.share_to_feed = String(params.shareToFeed);
  if (params.coverUrl !== undefined) form.cover_url = params.coverUrl;
  if (params.thumbOffset !== undefined) form.thumb_offset = String(Math.round(params.thumbOffset));
  return form;
};

export const createPublishing = ({ calls: { read, write } }: { calls: AccountCalls }) => ({
  /** Creates a media container and returns its id. Never retried: a retry could create a second one. */
  async createContainer(account: Account, params: ContainerParams): Promise<string> {
    const form = serializeContainerParams(params);
    return write(account, { operation: 'createContainer', path: `/${encodeId(account.igUserId)}/media`, form, needs: 'publish', schema: idResponseSchema });
  },

  /** Processing state of a container: poll until FINISHED before publishing. */
  async getContainerStatus(account: Account, containerId: string): Promise<ContainerStatus> {
    const query = { fields: 'status_code,status' };
    return read(account, { operation: 'getContainerStatus', path: `/${encodeId(containerId)}`, query, needs: 'publish', schema: containerStatusSchema });
  },

  /**
   * Publishes a FINISHED container and returns the media id. Never retried: on an error with
   * `outcomeUnknown`, read the container's status_code first (PUBLISHED means it went out).
   */
  async publishContainer(account: Account, containerId: string): Promise<string> {
    const path = `/${encodeId(account.igUserId)}/media_publish`;
    const form = { creation_id: containerId };
    return write(account, { operation: 'publishContainer', path, form, intent: 'publish', needs: 'publish', schema: idResponseSchema });
  },

  /** The published media, for its permalink. */
  async getMedia(account: Account, mediaId: string): Promise<Media> {
    return read(account, { operation: 'getMedia', path: `/${encodeId(mediaId)}`, query: { fields: MEDIA_FIELDS }, needs: 'profile', schema: mediaSchema });
  },

  /**
   * The account's latest feed posts and reels (or, with `stories`, its live stories), newest
   * first: one page, enough to find a post whose media_publish answer was lost.
   */
  async listRecentMedia(account: Account, { stories = false, limit = 25 }: { stories?: boolean; limit?: number } = {}): Promise<Media[]> {
    const path = `/${encodeId(account.igUserId)}/${stories ? 'stories' : 'media'}`;
    const query = { fields: RECENT_MEDIA_FIELDS, limit: String(limit) };
    return read(account, { operation: 'listRecentMedia', path, query, needs: 'profile', schema: mediaListSchema });
  },

  /** Posts used and allowed in the rolling window, as Meta reports them today. */
  async getPublishingLimit(account: Account): Promise<PublishingLimit> {
    const path = `/${encodeId(account.igUserId)}/content_publishing_limit`;
    return read(account, { operation: 'getPublishingLimit', path, query: { fields: 'quota_usage,config' }, needs: 'publish', schema: publishingLimitSchema });
  },

  /** Adds a comment to a media and returns the comment id. Never retried: a retry could comment twice. */
  async createComment(account: Account, mediaId: string, message: string): Promise<string> {
    const path = `/${encodeId(mediaId)}/comments`;
    return write(account, { operation: 'createComment', path, form: { message }, needs: 'comment', schema: idResponseSchema });
  },
});
