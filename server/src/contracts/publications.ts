import type { PostCounts } from './insights';
import type { MappingInput } from './settings';
import type { PostKind, PublicationStatus, PublicationTrigger } from './statuses';

/**
 * How a publications list is ordered: `sort=<field>:<direction>` (direction `asc` or `desc`, any
 * case; `desc` when left out). `createdAt` is the default (`createdAt:desc`, newest first); `likes`,
 * `comments` and `reach` order by the post's latest numbers, posts whose numbers were never read last
 * in either direction.
 */
export const PUBLICATION_SORT_FIELDS = ['createdAt', 'likes', 'comments', 'reach'] as const;
export type PublicationSortField = (typeof PUBLICATION_SORT_FIELDS)[number];
export type SortDirection = 'asc' | 'desc';
export interface PublicationSort {
  field: PublicationSortField;
  direction: SortDirection;
}
export const DEFAULT_PUBLICATION_SORT: PublicationSort = { field: 'createdAt', direction: 'desc' };

/**
 * What the admin and the API see of a publication: never a token, a lease or the raw step state.
 * Its latest numbers (`PostCounts`) are null until read.
 */
export interface PublicationView extends PostCounts {
  id: string;
  uid: string;
  documentId: string;
  /** The entry's title as the Content Manager shows it; null for an entry deleted since. */
  entryTitle: string | null;
  locale: string | null;
  connectionId: string | null;
  /**
   * The account the post went (or goes) to: its current username while connected, else the one
   * recorded on the publication, so a disconnect does not blank the history.
   */
  connection: { username: string; connected: boolean } | null;
  /**
   * True when the admin may not read the entry in the Content Manager: its title, caption,
   * warnings and error text are withheld.
   */
  restricted: boolean;
  status: PublicationStatus;
  kind: PostKind | null;
  caption: string | null;
  trigger: PublicationTrigger;
  scheduledAt: string | null;
  runAt: string;
  attempts: number;
  mediaId: string | null;
  permalink: string | null;
  error: { code: number | null; subcode: number | null; message: string } | null;
  /** Non-fatal notes: renditions made, parts left out, permalink or first comment problems. */
  warnings: string[];
  requestedBy: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaginationMeta {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export interface CaptionCounts {
  characters: number;
  hashtags: number;
  mentions: number;
}

/** Instagram's caption limits as the server enforces them (its `limits` option). */
export type CaptionLimits = CaptionCounts;

export interface PreviewMedia {
  url: string;
  alt: string | null;
  mime: string | null;
  width: number | null;
  height: number | null;
}

/** What would be posted for an entry, with every problem Instagram would refuse found beforehand. */
export interface Preview {
  /** null when nothing can be posted yet (no entry, no media). */
  kind: PostKind | null;
  caption: string;
  media: PreviewMedia[];
  warnings: string[];
  errors: string[];
  counts: CaptionCounts;
  limits: CaptionLimits;
  /** Set instead of a post when there is nothing to preview yet (no entry of the type): not a problem. */
  notice?: string;
  /** The mapping the preview used: the panel hides itself when it is switched off. */
  mapping: { enabled: boolean; autoPublish: boolean; connectionId: string | null };
}

/** The part of an existing post a 409 `DuplicatePostError` names (`error.details.existing`). */
export interface ExistingPost {
  id: string;
  status: PublicationStatus;
  permalink: string | null;
  publishedAt: string | null;
  username: string | null;
}

export interface DuplicatePostDetails {
  existing: ExistingPost;
}

/** An entry's live post, for front ends. */
export interface Permalink {
  permalink: string;
  mediaId: string | null;
  kind: PostKind | null;
  locale: string | null;
  publishedAt: string | null;
  username: string | null;
}

/** GET /publications */
export declare namespace ListPublications {
  interface Query {
    uid?: string;
    documentId?: string;
    locale?: string | null;
    /** One status or a comma-separated list. */
    status?: string;
    connectionId?: string;
    /** `<field>:<direction>`, e.g. `likes:desc` (PUBLICATION_SORT_FIELDS); `createdAt:desc` by default. */
    sort?: string;
    page?: number;
    pageSize?: number;
  }
  interface Response {
    data: PublicationView[];
    meta: { pagination: PaginationMeta };
  }
}

/** POST /publications: post an entry now, or at `scheduledAt`. 409 `DuplicatePostError` without `confirmDuplicate`. */
export declare namespace CreatePublication {
  interface Request {
    uid: string;
    documentId: string;
    locale?: string | null;
    connectionId?: string | null;
    /** Another caption than the mapping's template. */
    caption?: string | null;
    /** ISO 8601 with a timezone offset; a time in the past is refused. */
    scheduledAt?: string | null;
    /** Post even though this version of the entry was already posted to that account. */
    confirmDuplicate?: boolean;
  }
  interface Response {
    data: PublicationView;
  }
}

/** POST /publications/:id/retry. 409 `DuplicatePostError` without `confirmDuplicate`. */
export declare namespace RetryPublication {
  interface Params {
    id: string;
  }
  interface Request {
    confirmDuplicate?: boolean;
  }
  interface Response {
    data: PublicationView;
  }
}

/** POST /publications/:id/cancel */
export declare namespace CancelPublication {
  interface Params {
    id: string;
  }
  interface Response {
    data: PublicationView;
  }
}

/** POST /preview */
export declare namespace PreviewPublication {
  interface Request {
    uid: string;
    documentId?: string;
    locale?: string | null;
    /** An unsaved mapping (checked as PUT /settings checks it); the saved one otherwise. */
    mapping?: MappingInput;
    /** Which version of the entry to render (default: the draft). */
    status?: 'draft' | 'published';
  }
  interface Response {
    data: Preview;
  }
}

/** GET /api/instagram-publisher/permalinks (content API) */
export declare namespace ListPermalinks {
  interface Query {
    uid: string;
    documentId: string;
    locale?: string;
  }
  interface Response {
    data: Permalink[];
  }
}
