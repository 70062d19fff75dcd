import { z } from 'zod';
import { DEFAULT_CAPTION_LIMITS } from '../publishing/caption';
import { DEFAULT_GRAPH_API_VERSION, GRAPH_API_VERSION_PATTERN } from '../instagram/endpoints';
import { DEFAULT_RATE_LIMITS } from '../instagram/rate-governor';
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

/**
 * Where the browser may be sent back after an end user's OAuth flow: an origin and a path prefix.
 * Only these: a query or fragment here would make prefix matching ambiguous.
 */
const returnUrlSchema = urlSchema.refine((value) => {
  const url = new URL(value);
  return !url.search && !url.hash && !url.username && !url.password;
}, 'must be an origin and a path, without query, fragment or credentials (for example https://app.example.com/settings/integrations)');

export const END_USER_DEFAULTS = {
  enabled: false,
  returnUrls: [] as string[],
  maxConnections: 3,
  postsPerDay: 25,
  maxUploadBytes: 100 * 1024 * 1024,
};

/**
 * The app's own users (Users & Permissions) connecting their Instagram and posting their files
 * through the content API: off until enabled, and limited per user.
 */
const endUsersSchema = z
  .object({
    enabled: z.boolean().default(END_USER_DEFAULTS.enabled),
    returnUrls: z.array(returnUrlSchema).max(50).default(END_USER_DEFAULTS.returnUrls),
    /** Instagram accounts one user may connect. */
    maxConnections: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(100).default(END_USER_DEFAULTS.maxConnections),
    /** Posts one user may queue in 24 hours, on top of Meta's own quota per account. */
    postsPerDay: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(10_000).default(END_USER_DEFAULTS.postsPerDay),
    /** The largest file a user may upload, in bytes. */
    maxUploadBytes: z
      .number()
      .int('must be a whole number')
      .min(1024, 'must be at least 1024 bytes')
      .max(2 * 1024 * 1024 * 1024)
      .default(END_USER_DEFAULTS.maxUploadBytes),
  })
  .strict();

/**
 * How the Graph client keeps under Meta's rate limits (server/src/instagram/rate-governor.ts):
 * spaced calls above `slowAbove` percent of any usage counter, paused calls at `pauseAbove`.
 */
const rateLimitsSchema = z
  .object({
    enabled: z.boolean().default(DEFAULT_RATE_LIMITS.enabled),
    slowAbove: z.number().min(0).max(100).default(DEFAULT_RATE_LIMITS.slowAbove),
    pauseAbove: z.number().min(1).max(100).default(DEFAULT_RATE_LIMITS.pauseAbove),
    maxSpacingMs: z.number().int().min(0).max(600_000).default(DEFAULT_RATE_LIMITS.maxSpacingMs),
    pauseWindowMs: z.number().int().min(100).max(3_600_000).default(DEFAULT_RATE_LIMITS.pauseWindowMs),
    maxPauseMs: z.number().int().min(100).max(86_400_000).default(DEFAULT_RATE_LIMITS.maxPauseMs),
    maxWaitMs: z.number().int().min(0).max(600_000).default(DEFAULT_RATE_LIMITS.maxWaitMs),
  })
  .strict()
  .refine((limits) => limits.slowAbove < limits.pauseAbove, { message: 'slowAbove must be lower than pauseAbove', path: ['slowAbove'] })
  .refine((limits) => limits.pauseWindowMs <= limits.maxPauseMs, { message: 'pauseWindowMs must not exceed maxPauseMs', path: ['pauseWindowMs'] });

/** A post's age at each insights sync: a number and a unit (m, h, d), e.g. `6h`. */
export const INSIGHTS_AGE_PATTERN = /^(\d{1,4})([mhd])$/;

/**
 * Reading published posts' numbers (services/insights): a post is read when its age reaches each
 * step of `schedule`, then no more; stories only until they expire at 24 h. `concurrency` posts are
 * read at a time (the rate governor still spaces them when Meta's usage is high).
 */
const insightsSchema = z
  .object({
    enabled: z.boolean().default(true),
    schedule: z
      .array(z.string().regex(INSIGHTS_AGE_PATTERN, 'must be a number and a unit: m, h or d (e.g. "6h")'))
      .min(1, 'must name at least one age')
      .max(50)
      .default(['1h', '6h', '24h', '3d', '7d', '30d']),
    concurrency: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(256).default(16),
    cron: cronRuleSchema.default('*/5 * * * *'),
    batchSize: z.number().int('must be a whole number').min(1).max(10_000).default(500),
    /** How long the public counts route keeps an entry's answer in memory (and tells caches to); 0 turns caching off. */
    publicCountsCacheSeconds: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(86_400, 'must be at most 86400 (a day)').default(60),
  })
  .strict();

/**
 * E-mail to the admins who manage connections when an account needs reconnecting or a post fails,
 * through Strapi's email plugin. Off until enabled; Strapi's default `sendmail` provider (which
 * sends from the server itself, usually into spam) only with `allowSendmail`.
 */
const emailNoticesSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The sender; the email plugin's `defaultFrom` when absent. */
    from: z.string().trim().min(3).max(320).optional(),
    /** These addresses instead of the admins holding `connections.manage`. */
    to: z.array(z.email({ message: 'must be an e-mail address' })).min(1, 'needs at least one address').max(50).optional(),
    allowSendmail: z.boolean().default(false),
  })
  .strict();

const notificationsSchema = z
  .object({ email: emailNoticesSchema.default(() => emailNoticesSchema.parse({})) })
  .strict();

export const WEBHOOK_DEFAULTS = {
  maxBodyBytes: 256 * 1024,
  maxAgeSeconds: 60 * 60,
};

/**
 * Meta's webhooks (comments, mentions): the verify token Meta's dashboard sends with its handshake,
 * the largest delivery read, and how old a delivery's entries may be before it is refused as a replay
 * (services/webhooks/deliveries.ts says why an hour).
 */
const webhooksSchema = z
  .object({
    verifyToken: z.string().min(16, 'must be at least 16 characters (a random string: it is the only proof the handshake comes from your Meta app)').max(256).optional(),
    maxBodyBytes: z.number().int('must be a whole number').min(1024, 'must be at least 1024 bytes').max(10 * 1024 * 1024).default(WEBHOOK_DEFAULTS.maxBodyBytes),
    maxAgeSeconds: z.number().int('must be a whole number').min(60, 'must be at least 60 seconds').max(7 * 24 * 3600).default(WEBHOOK_DEFAULTS.maxAgeSeconds),
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
    endUsers: endUsersSchema.default(() => endUsersSchema.parse({})),
    rateLimits: rateLimitsSchema.default(() => rateLimitsSchema.parse({})),
    notifications: notificationsSchema.default(() => notificationsSchema.parse({})),
    webhooks: webhooksSchema.default(() => webhooksSchema.parse({})),
    insights: insightsSchema.default(() => insightsSchema.parse({})),
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
