/**
 * zod schemas for every Graph response the client reads; each transforms Meta's snake_case into
 * the camelCase domain object the rest of the plugin uses.
 *
 * Ids are accepted as strings or numbers and always come out as strings: the client's JSON parser
 * has already turned integers beyond 2^53 into exact strings, so String() on the rest is lossless.
 */
import { z } from 'zod';

export const graphIdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform((id) => String(id));

/** Seconds; Meta sends numbers but some proxies and the old endpoints send numeric strings. */
const secondsSchema = z.union([z.number().finite().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const optionalCount = z
  .number()
  .int()
  .nonnegative()
  .nullish()
  .transform((v) => v ?? null);

/** `permissions` arrives as "a,b" or ["a","b"] depending on the day. */
const permissionListSchema = z
  .union([z.string(), z.array(z.string())])
  .nullish()
  .transform((value) => {
    const items = value == null ? [] : Array.isArray(value) ? value : value.split(',');
    return [...new Set(items.map((item) => item.trim()).filter((item) => item.length > 0))];
  });

const instagramCodeEntrySchema = z.object({
  access_token: z.string().min(1),
  user_id: graphIdSchema,
  permissions: permissionListSchema,
});

/** Meta documents `{data:[{...}]}` but also answers flat; both are accepted. */
export const instagramCodeExchangeSchema = z
  .union([z.object({ data: z.array(instagramCodeEntrySchema).min(1) }), instagramCodeEntrySchema])
  .transform((body) => {
    const entry = 'data' in body ? body.data[0]! : body;
    return { accessToken: entry.access_token, userId: entry.user_id, permissions: entry.permissions };
  });
export type InstagramCodeExchange = z.output<typeof instagramCodeExchangeSchema>;

export const expiringTokenSchema = z
  .object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: secondsSchema })
  .transform((body) => ({ accessToken: body.access_token, expiresIn: body.expires_in }));
export type ExpiringToken = z.output<typeof expiringTokenSchema>;

/** Facebook omits `expires_in` for tokens that do not expire. */
export const facebookLongLivedTokenSchema = z
  .object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: secondsSchema.nullish() })
  .transform((body) => ({ accessToken: body.access_token, expiresIn: body.expires_in ?? null }));
export type FacebookLongLivedToken = z.output<typeof facebookLongLivedTokenSchema>;

const profileFields = {
  username: z.string().min(1),
  name: optionalText,
  profile_picture_url: optionalText,
  followers_count: optionalCount,
  follows_count: optionalCount,
  media_count: optionalCount,
  biography: optionalText,
  website: optionalText,
};

export interface Profile {
  /** The professional account id used in /{ig-user-id}/media (never the app-scoped `id`). */
  userId: string;
  username: string;
  name: string | null;
  accountType: string | null;
  profilePictureUrl: string | null;
  followersCount: number | null;
  followsCount: number | null;
  mediaCount: number | null;
  biography: string | null;
  website: string | null;
}

type ProfileFields = z.output<z.ZodObject<typeof profileFields>>;

/** Both logins' profile fields in the plugin's shape; the caller knows the account id and type. */
export const toProfile = (userId: string, accountType: string | null, body: ProfileFields): Profile => ({
  userId,
  username: body.username,
  name: body.name,
  accountType,
  profilePictureUrl: body.profile_picture_url,
  followersCount: body.followers_count,
  followsCount: body.follows_count,
  mediaCount: body.media_count,
  biography: body.biography,
  website: body.website,
});

/** Instagram Login's /me: `id` is app-scoped and differs from `user_id`, so only `user_id` is read. */
export const instagramProfileSchema = z
  .object({ user_id: graphIdSchema, account_type: optionalText, ...profileFields })
  .transform((body): Profile => toProfile(body.user_id, body.account_type, body));

/** Facebook Login's /{ig-user-id}: the id is the one asked for; account_type is not a field there. */
export const facebookInstagramProfileSchema = z.object(profileFields);

export const facebookPermissionsSchema = z
  .object({ data: z.array(z.object({ permission: z.string().min(1), status: z.string() })) })
  .transform((body) => ({
    granted: body.data.filter((p) => p.status === 'granted').map((p) => p.permission),
    // "expired" and anything Meta adds later are as unusable as "declined".
    declined: body.data.filter((p) => p.status !== 'granted').map((p) => p.permission),
  }));
export type FacebookPermissions = z.output<typeof facebookPermissionsSchema>;

export const facebookPagesPageSchema = z.object({
  data: z.array(
    z.object({
      id: graphIdSchema,
      name: optionalText,
      access_token: z.string().min(1).nullish(),
      instagram_business_account: z.object({ id: graphIdSchema }).nullish(),
    }),
  ),
  paging: z.object({ next: z.string().min(1).nullish() }).nullish(),
});

export interface FacebookPage {
  pageId: string;
  name: string;
  accessToken: string;
  instagramBusinessAccountId: string | null;
}

const epochSecondsToDate = (seconds: number | null | undefined): Date | null =>
  seconds === undefined || seconds === null || seconds === 0 ? null : new Date(seconds * 1000);

/** `expires_at: 0` means the token never expires (page tokens from a long-lived user token). */
export const debugTokenSchema = z
  .object({
    data: z.object({
      is_valid: z.boolean(),
      expires_at: z.number().nonnegative().nullish(),
      data_access_expires_at: z.number().nonnegative().nullish(),
      scopes: z.array(z.string()).nullish(),
      user_id: graphIdSchema.nullish(),
    }),
  })
  .transform(({ data }) => {
    const result: { isValid: boolean; expiresAt: Date | null; dataAccessExpiresAt: Date | null; scopes: string[]; userId?: string } = {
      isValid: data.is_valid,
      expiresAt: epochSecondsToDate(data.expires_at),
      dataAccessExpiresAt: epochSecondsToDate(data.data_access_expires_at),
      scopes: data.scopes ?? [],
    };
    if (data.user_id) result.userId = data.user_id;
    return result;
  });
export type DebugTokenResult = z.output<typeof debugTokenSchema>;

export const idResponseSchema = z.object({ id: graphIdSchema }).transform((body) => body.id);

export const successResponseSchema = z.object({ success: z.boolean() });

export const containerStatusCodes = ['IN_PROGRESS', 'FINISHED', 'ERROR', 'EXPIRED', 'PUBLISHED'] as const;
export type ContainerStatusCode = (typeof containerStatusCodes)[number];

export const containerStatusSchema = z
  .object({ status_code: z.enum(containerStatusCodes), status: optionalText })
  .transform((body) => ({ statusCode: body.status_code, status: body.status }));
export type ContainerStatus = z.output<typeof containerStatusSchema>;

const graphTimestampToDate = (value: string | null): Date | null => {
  if (value === null) return null;
  // Meta writes offsets as +0000, which Date.parse accepts in V8 but not everywhere; normalise to +00:00.
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? null : new Date(time);
};

export const mediaSchema = z
  .object({
    id: graphIdSchema,
    permalink: optionalText,
    shortcode: optionalText,
    timestamp: optionalText,
    media_type: optionalText,
    media_product_type: optionalText,
    caption: optionalText,
  })
  .transform((body) => ({
    id: body.id,
    permalink: body.permalink,
    shortcode: body.shortcode,
    timestamp: graphTimestampToDate(body.timestamp),
    mediaType: body.media_type,
    mediaProductType: body.media_product_type,
    caption: body.caption,
  }));
export type Media = z.output<typeof mediaSchema>;

/** One page of `/{ig-user-id}/media` or `/stories`, newest first. */
export const mediaListSchema = z.object({ data: z.array(mediaSchema) }).transform((body) => body.data);

/** Meta's pages disagree on the quota (25, 50, 100), so quota_total is always read from here. */
export const publishingLimitSchema = z
  .object({
    data: z
      .array(
        z.object({
          quota_usage: z.number().int().nonnegative(),
          config: z.object({ quota_total: z.number().int().nonnegative(), quota_duration: z.number().int().positive() }),
        }),
      )
      .min(1),
  })
  .transform(({ data }) => ({
    quotaUsage: data[0]!.quota_usage,
    quotaTotal: data[0]!.config.quota_total,
    quotaDurationSec: data[0]!.config.quota_duration,
  }));
export type PublishingLimit = z.output<typeof publishingLimitSchema>;

/**
 * Both error shapes Meta uses: the Graph `{error:{...}}` and the old Instagram OAuth
 * `{error_type, code, error_message}`. Lenient on purpose: a malformed error body must still
 * produce an error, classified by HTTP status.
 */
const looseInt = z.union([z.number().int(), z.string().regex(/^-?\d+$/).transform(Number)]).optional().catch(undefined);
const looseText = z.string().optional().catch(undefined);

export const graphErrorBodySchema = z.union([
  z
    .object({
      error: z.object({
        message: looseText,
        type: looseText,
        code: looseInt,
        error_subcode: looseInt,
        error_user_title: looseText,
        error_user_msg: looseText,
        fbtrace_id: looseText,
      }),
    })
    .transform(({ error }) => ({
      message: error.message,
      type: error.type,
      code: error.code,
      subcode: error.error_subcode,
      userTitle: error.error_user_title,
      userMessage: error.error_user_msg,
      fbtraceId: error.fbtrace_id,
    })),
  z
    .object({ error_type: z.string(), code: looseInt, error_message: looseText })
    .transform((body) => ({
      message: body.error_message,
      type: body.error_type,
      code: body.code,
      subcode: undefined as number | undefined,
      userTitle: undefined as string | undefined,
      userMessage: undefined as string | undefined,
      fbtraceId: undefined as string | undefined,
    })),
]);
export type GraphErrorBody = z.output<typeof graphErrorBodySchema>;
