import { z } from 'zod';
import { isStorableText, STORABLE_TEXT_MESSAGE } from '../utils/storable-text';

import { MAPPING_POST_KINDS, type Mapping as MappingContract } from '../contracts';

const fieldName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be an attribute name of the content type');

const optionalField = fieldName.nullable().optional().default(null);

/**
 * One content type's mapping as stored in settings and accepted by `PUT /settings`. Field names
 * are checked against the real content type separately (mapping-validation.ts): zod only knows shapes.
 */
export const mappingSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** null means "ask": the editor picks the account, or the only active one is used. */
    connectionId: z.string().trim().min(1).max(64).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().default(null),
    /** Queue a post whenever an entry of this type is published (every locale, whoever publishes). */
    autoPublish: z.boolean().default(false),
    postKind: z.enum(MAPPING_POST_KINDS).default('auto'),
    /** Media attributes, in order; their files become the post's media. */
    mediaFields: z.array(fieldName).max(10).default([]),
    captionTemplate: z.string().max(10_000).refine(isStorableText, STORABLE_TEXT_MESSAGE).default(''),
    /** A text attribute whose value replaces every media's `alternativeText`. */
    altTextField: optionalField,
    /** The first comment as a field, or as a template (the template wins when both are set). */
    firstCommentField: optionalField,
    firstCommentTemplate: z.string().max(10_000).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullable().optional().default(null),
    /** A text attribute holding a Facebook location Page id. */
    locationIdField: optionalField,
    /** Text (`@a, @b`) or JSON (`[{"username":"a","x":0.5,"y":0.5}]`) attribute of people to tag. */
    userTagsField: optionalField,
    /** Text (`@a, @b`) or JSON array attribute of up to 3 collaborator usernames. */
    collaboratorsField: optionalField,
    /** Reels: also show the reel in the feed grid. */
    shareToFeed: z.boolean().optional().default(true),
    /** Reels: an image attribute used as the cover. */
    coverField: optionalField,
  })
  .strict();

export type Mapping = z.output<typeof mappingSchema>;
/** The schema's output is the contract's Mapping, field for field: this fails to compile when they drift. */
export const mappingMatchesContract: [Mapping, MappingContract] extends [MappingContract, Mapping] ? true : never = true;
export type MappingInput = z.input<typeof mappingSchema>;

/** Keys are content-type uids (`api::article.article`). */
const UID_PATTERN = /^[a-z0-9-]+::[a-z0-9-]+\.[a-z0-9-]+$/i;
export const mappingsSchema = z.record(z.string(), mappingSchema).superRefine((mappings, ctx) => {
  // Checked here rather than as a key schema so the error names the offending key.
  for (const uid of Object.keys(mappings)) {
    if (!UID_PATTERN.test(uid)) ctx.addIssue({ code: 'custom', path: [uid], message: `"${uid}" must be a content-type uid such as api::article.article` });
  }
});
export type Mappings = z.output<typeof mappingsSchema>;

/** Worker settings; every interval is configurable so tests and benchmarks can run fast. */
export const workerSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Publications one instance works on at the same time. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /** How long a claim lasts without a write; a crashed instance's work is resumed after it. */
    leaseMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
    /** Safety scan of the database for scheduled or deferred work queued by other instances. */
    scanIntervalMs: z.number().int().min(50).max(3_600_000).default(30_000),
    /** First status poll after a container is created: images are usually ready in seconds, video in tens. */
    pollInitialImageMs: z.number().int().min(10).max(600_000).default(1_000),
    pollInitialVideoMs: z.number().int().min(10).max(600_000).default(10_000),
    pollFactor: z.number().min(1).max(10).default(1.5),
    pollMaxMs: z.number().int().min(10).max(3_600_000).default(60_000),
    /** Total time a container may stay IN_PROGRESS before the post fails. */
    pollBudgetMs: z.number().int().min(100).max(86_400_000).default(30 * 60_000),
    /** Transient failures (5xx, timeouts) are retried this many times with backoff. */
    maxAttempts: z.number().int().min(1).max(50).default(5),
    retryBaseMs: z.number().int().min(10).max(3_600_000).default(5_000),
    retryMaxMs: z.number().int().min(10).max(86_400_000).default(15 * 60_000),
    /** New containers made after download/processing failures or expiry, before giving up. */
    maxNewContainers: z.number().int().min(0).max(5).default(2),
    /** The publishing quota is read before each publish but cached this long per account. */
    quotaCacheMs: z.number().int().min(0).max(3_600_000).default(60_000),
    /** Used when Meta's window end cannot be estimated. */
    quotaDeferMs: z.number().int().min(1_000).max(86_400_000).default(60 * 60_000),
    /** On shutdown, in-flight steps get this long to finish before their lease is left to expire. */
    stopGraceMs: z.number().int().min(0).max(120_000).default(10_000),
    /** Renditions: how an off-ratio image is brought inside 4:5–1.91:1. */
    imageFit: z.enum(['crop', 'pad']).default('crop'),
    padColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour').default('#ffffff'),
    jpegQuality: z.number().int().min(50).max(100).default(90),
  })
  .strict();

export type WorkerConfig = z.output<typeof workerSchema>;
export const WORKER_DEFAULTS: WorkerConfig = workerSchema.parse({});
