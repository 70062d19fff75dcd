import type { Publication, PublicationError } from '../store/types';
import type { Plan } from './plan';

/**
 * Where the post of a publication comes from, as the state machine sees it: it asks for the post
 * and never learns what produced it. A CMS entry under its content type's mapping
 * (entry-source.ts), or an end user's files, caption and options stored with the publication
 * itself (upload-source.ts); sources.ts picks one from the publication row.
 */
export interface PostSource {
  /**
   * Whether the publication can still be posted from its source at all (for an entry: its type
   * is still mapped), checked before any Graph call. Cheap: reads no media.
   */
  open(publication: Publication): Promise<PostContent | ContentFailure>;
}

export interface PostContent {
  /** Reads the media (making the renditions Instagram needs) and fixes what will be posted. */
  prepare(): Promise<PreparedPost | ContentFailure>;
}

/** What is posted, fixed once, with what the editor should know about it. */
export interface PreparedPost {
  plan: Plan;
  warnings: string[];
}

/** Why the content cannot be posted, as the publication's error. */
export interface ContentFailure {
  failure: PublicationError;
}

export const isContentFailure = (value: object): value is ContentFailure => 'failure' in value;
