/**
 * Comment moderation on a published post: the admin's routes (`/instagram-publisher/publications/:id/...`)
 * and an end user's own (`/api/instagram-publisher/me/publications/:id/...`) take and answer the same shapes.
 */

/** One comment or reply as Instagram reports it. */
export interface CommentView {
  id: string;
  text: string;
  username: string | null;
  /** ISO 8601, as Meta sends it. */
  timestamp: string | null;
  likeCount: number;
  hidden: boolean;
  /** The top-level comment a reply answers; null for a top-level comment. */
  parentId: string | null;
}

export interface CommentThreadView extends CommentView {
  replies: CommentView[];
}

export declare namespace ListComments {
  interface Params {
    id: string;
  }
  interface Query {
    /** Cursor from the previous page's `meta.after`. */
    after?: string;
    /** 1 to 50, 25 by default. */
    limit?: number | string;
  }
  interface Response {
    data: CommentThreadView[];
    meta: { after: string | null; mediaId: string };
  }
}

export declare namespace ReplyToComment {
  interface Params {
    id: string;
    commentId: string;
  }
  interface Request {
    message: string;
  }
  interface Response {
    data: { id: string; parentId: string; text: string };
  }
}

export declare namespace HideComment {
  interface Params {
    id: string;
    commentId: string;
  }
  interface Request {
    hidden: boolean;
  }
  interface Response {
    data: { id: string; hidden: boolean };
  }
}

export declare namespace DeleteComment {
  interface Params {
    id: string;
    commentId: string;
  }
  interface Response {
    data: { id: string; deleted: true };
  }
}

export declare namespace SetCommentsEnabled {
  interface Params {
    id: string;
  }
  interface Request {
    enabled: boolean;
  }
  interface Response {
    data: { mediaId: string; commentsEnabled: boolean };
  }
}
