import type { MappingPostKind } from './statuses';

/** How entries of one content type become posts (all fields as stored, defaults filled in). */
export interface Mapping {
  enabled: boolean;
  /** null means "ask": the editor picks the account, or the only active one is used. */
  connectionId: string | null;
  /** Queue a post whenever an entry of this type is published. */
  autoPublish: boolean;
  postKind: MappingPostKind;
  /** Media attributes, in order; their files become the post's media. */
  mediaFields: string[];
  captionTemplate: string;
  altTextField: string | null;
  firstCommentField: string | null;
  firstCommentTemplate: string | null;
  locationIdField: string | null;
  userTagsField: string | null;
  collaboratorsField: string | null;
  /** Reels: also show the reel in the feed grid. */
  shareToFeed: boolean;
  /** Reels: an image attribute used as the cover. */
  coverField: string | null;
}

/** A mapping as a request may send it: any field left out takes its default. */
export type MappingInput = Partial<Mapping>;

/** Keyed by content-type uid (`api::article.article`). */
export type Mappings = Record<string, Mapping>;

export interface ContentTypeField {
  name: string;
  type: string;
  multiple?: boolean;
  allowedTypes?: string[];
}

export interface MappableContentType {
  uid: string;
  displayName: string;
  fields: ContentTypeField[];
}

export interface PluginSettings {
  mappings: Mappings;
  contentTypes: MappableContentType[];
}

/** GET /settings */
export declare namespace GetSettings {
  interface Response {
    data: PluginSettings;
  }
}

/** PUT /settings: replaces every mapping after checking each against its content type. */
export declare namespace UpdateSettings {
  interface Request {
    mappings: Record<string, MappingInput>;
  }
  interface Response {
    data: PluginSettings;
  }
}
