/**
 * Every scope list of the plugin: what each login offers, requires and asks for, and what each
 * Graph call needs (so a permission error can name the missing scope).
 */

/** The two login products; each has its own scope names and its own Graph host. */
export type LoginHost = 'instagram' | 'facebook';

/**
 * Meta itself only requires instagram_business_basic, but a publisher without content_publish is
 * useless, so the plugin asks for both. The old business_* names stopped working on 2025-01-27.
 */
export const INSTAGRAM_LOGIN_SCOPES = Object.freeze({
  required: Object.freeze(['instagram_business_basic', 'instagram_business_content_publish'] as const),
  optional: Object.freeze([
    'instagram_business_manage_comments',
    'instagram_business_manage_insights',
    'instagram_business_manage_messages',
  ] as const),
});

export const FACEBOOK_LOGIN_SCOPES = Object.freeze({
  required: Object.freeze(['instagram_basic', 'instagram_content_publish', 'pages_show_list', 'pages_read_engagement'] as const),
  optional: Object.freeze(['instagram_manage_comments', 'instagram_manage_insights', 'business_management', 'pages_manage_metadata'] as const),
});

export type InstagramLoginScope =
  | (typeof INSTAGRAM_LOGIN_SCOPES.required)[number]
  | (typeof INSTAGRAM_LOGIN_SCOPES.optional)[number];
export type FacebookLoginScope =
  | (typeof FACEBOOK_LOGIN_SCOPES.required)[number]
  | (typeof FACEBOOK_LOGIN_SCOPES.optional)[number];

/** Scopes each call needs, so a permission error can name the missing one. */
export const CALL_SCOPES = {
  instagram: {
    profile: ['instagram_business_basic'],
    publish: ['instagram_business_content_publish'],
    comment: ['instagram_business_manage_comments'],
    insights: ['instagram_business_manage_insights'],
  },
  facebook: {
    profile: ['instagram_basic', 'pages_read_engagement'],
    publish: ['instagram_content_publish'],
    comment: ['instagram_manage_comments'],
    insights: ['instagram_manage_insights'],
    pages: ['pages_show_list'],
  },
} as const;

/** What a call made with an account's token may need, under both logins. */
export type CallNeed = keyof (typeof CALL_SCOPES)['instagram'] & keyof (typeof CALL_SCOPES)['facebook'];

/** A connection is refused unless the user granted all of these. */
export const REQUIRED_SCOPES: Record<LoginHost, readonly string[]> = {
  instagram: INSTAGRAM_LOGIN_SCOPES.required,
  facebook: FACEBOOK_LOGIN_SCOPES.required,
};

/**
 * Scopes asked for: the required ones plus comments and insights (a post's numbers; a connection
 * made without it reads counts only and says "reconnect to see insights"), so a first comment can be posted and comment
 * webhooks arrive; on Facebook Login also pages_manage_metadata, without which a Page cannot
 * subscribe the app to its webhooks (instagram/webhook-subscriptions.ts).
 */
export const REQUESTED_SCOPES: Record<LoginHost, readonly string[]> = {
  instagram: [...REQUIRED_SCOPES.instagram, ...CALL_SCOPES.instagram.comment, ...CALL_SCOPES.instagram.insights],
  facebook: [...REQUIRED_SCOPES.facebook, ...CALL_SCOPES.facebook.comment, ...CALL_SCOPES.facebook.insights, 'pages_manage_metadata'],
};

/**
 * Whether a connection's granted scopes include its login's insights permission. Connections made
 * before the plugin asked for it lack it: their posts get counts only ("reconnect to see insights").
 */
export const hasInsightsPermission = (loginKind: LoginHost, scopes: readonly string[]) =>
  CALL_SCOPES[loginKind].insights.every((scope) => scopes.includes(scope));
