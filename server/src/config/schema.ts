import { z } from 'zod';
import { DEFAULT_CAPTION_LIMITS } from '../publishing/caption';
import { DEFAULT_GRAPH_API_VERSION, GRAPH_API_VERSION_PATTERN } from '../instagram/endpoints';
import { mappingsSchema, workerSchema } from '../publishing/mapping-schema';
import { checkCronRule } from './cron-rule';

/** Base64 of exactly 32 bytes: AES-256 needs a 256-bit key, not "a long enough string". */
const encryptionKeySchema = z.string().refine((value) => {
  try {
    return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
  } catch {
    return false;
  }
}, 'must be the base64 encoding of exactly 32 random bytes (generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))")');

const appCredentialsSchema = z
  .object({
    appId: z.string().trim().optional(),
    appSecret: z.string().trim().optional(),
  })
  .strict()
  .refine((app) => Boolean(app.appId) === Boolean(app.appSecret), {
    message: 'set both appId and appSecret, or neither',
  });

const urlSchema = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

export const endpointsSchema = z
  .object({
    instagramAuthorize: urlSchema,
    instagramApi: urlSchema,
    instagramGraph: urlSchema,
    facebookDialog: urlSchema,
    facebookGraph: urlSchema,
  })
  .strict()
  .partial();

export const DEFAULT_REFRESH_CRON = '0 3 * * *';

/** A rule Strapi's cron can schedule: checked with the parser Strapi uses, so a typo cannot silently drop the job. */
const cronRuleSchema = z
  .string()
  .min(1)
  .superRefine((rule, ctx) => {
    const check = checkCronRule(rule);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: `"${rule}" is not a cron rule Strapi can schedule (${check.reason})` });
  });

const DEFAULT_LIMITS = {
  hashtags: DEFAULT_CAPTION_LIMITS.hashtags,
  mentions: DEFAULT_CAPTION_LIMITS.mentions,
  captionCharacters: DEFAULT_CAPTION_LIMITS.characters,
};

const limitSchema = z.number().int('must be a whole number').min(0, 'must be 0 or more');
const limitsSchema = z
  .object({
    hashtags: limitSchema.default(DEFAULT_LIMITS.hashtags),
    mentions: limitSchema.default(DEFAULT_LIMITS.mentions),
    captionCharacters: limitSchema.min(1, 'must be 1 or more').default(DEFAULT_LIMITS.captionCharacters),
  })
  .strict();

export const pluginConfigSchema = z
  .object({
    instagram: appCredentialsSchema.default({}),
    facebook: appCredentialsSchema.default({}),
    encryptionKey: encryptionKeySchema.optional(),
    encryptionKeys: z.array(encryptionKeySchema).min(1, 'needs at least one key').optional(),
    mongoUri: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    mongoConnectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    graphApiVersion: z
      .string()
      .regex(GRAPH_API_VERSION_PATTERN, `must look like ${DEFAULT_GRAPH_API_VERSION}`)
      .default(DEFAULT_GRAPH_API_VERSION),
    endpoints: endpointsSchema.default({}),
    publicUrl: urlSchema.optional(),
    adminUrl: urlSchema.optional(),
    sandbox: z.boolean().default(false),
    refresh: z
      .object({
        cron: cronRuleSchema.default(DEFAULT_REFRESH_CRON),
        refreshWithinDays: z.number().min(1).max(59).default(15),
        concurrency: z.number().int().min(1).max(256).default(8),
        enabled: z.boolean().default(true),
      })
      .strict()
      .default({ cron: DEFAULT_REFRESH_CRON, refreshWithinDays: 15, concurrency: 8, enabled: true }),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(15_000),
    /** Instagram's caption limits: Meta changed them before (30 hashtags became 5 in December 2025). */
    limits: limitsSchema.default(DEFAULT_LIMITS),
    /** Default mappings per content-type uid; settings saved in the admin replace them. */
    mappings: mappingsSchema.default({}),
    worker: workerSchema.default(() => workerSchema.parse({})),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.encryptionKey && !config.encryptionKeys) {
      ctx.addIssue({
        code: 'custom',
        path: ['encryptionKey'],
        message:
          'is required: tokens are stored encrypted. Set encryptionKey (or INSTAGRAM_PUBLISHER_ENCRYPTION_KEY) to the base64 of 32 random bytes: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
      });
    }
  });

export type PluginConfigInput = z.input<typeof pluginConfigSchema>;
export type PluginConfig = z.output<typeof pluginConfigSchema>;
