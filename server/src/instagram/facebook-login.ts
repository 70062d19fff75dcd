/**
 * Facebook Login (for Business): consent, user tokens, granted scopes, the user's Pages and the
 * Instagram accounts linked to them, token health and revocation, all on graph.facebook.com.
 */
import type { z } from 'zod';
import { encodeId, type AccountCalls, type TokenHolder } from './account-calls';
import { consentUrl, type AuthorizeUrlParams } from './consent-url';
import { InstagramApiError } from './errors';
import { CALL_SCOPES } from './scopes';
import {
  debugTokenSchema,
  expiringTokenSchema,
  facebookInstagramProfileSchema,
  facebookLongLivedTokenSchema,
  facebookPagesPageSchema,
  facebookPermissionsSchema,
  successResponseSchema,
  toProfile,
  type DebugTokenResult,
  type ExpiringToken,
  type FacebookLongLivedToken,
  type FacebookPage,
  type FacebookPermissions,
  type Profile,
} from './schemas';
import type { RequestSpec, Transport } from './transport';

/** /me/accounts is followed at most this many pages, so a looping or hostile `next` cannot spin forever. */
const MAX_PAGES_OF_RESULTS = 50;

const PROFILE_FIELDS = 'username,name,profile_picture_url,followers_count,follows_count,media_count,biography,website';

const asHolder = (token: string): TokenHolder => ({ host: 'facebook', accessToken: token });

export const createFacebookLogin = ({ transport, calls }: { transport: Transport; calls: AccountCalls }) => {
  const { request, requireApp, endpoints, logger } = transport;

  /**
   * `paging.next` comes from the response, so it is only followed on the configured Graph origin
   * and path; the token and proof Meta embeds in it are dropped and re-sent the usual way.
   */
  const followablePageUrl = (link: string, userToken: string): URL => {
    const base = new URL(endpoints.facebookGraph);
    let url: URL | undefined;
    try {
      url = new URL(link);
    } catch {
      url = undefined;
    }
    const basePath = base.pathname.replace(/\/+$/, '');
    if (!url || url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
      const shown = url ? url.origin : 'an unparseable URL';
      throw new InstagramApiError({
        message: transport.redact(`Instagram API listFacebookPages: refused to follow paging.next to ${shown}, outside ${base.origin}`, [userToken]),
        class: 'fatal',
        userMessage: 'Facebook returned an unexpected page list. Try connecting again.',
        operation: 'listFacebookPages',
      });
    }
    url.searchParams.delete('access_token');
    url.searchParams.delete('appsecret_proof');
    return url;
  };

  /** A GET with a code or token in its query, where Meta wants it; `secret` is scrubbed from every text. */
  const getWithSecret = <S extends z.ZodType>({ secret, ...spec }: Omit<RequestSpec<S>, 'method' | 'host' | 'secrets'> & { secret: string }) =>
    request({ ...spec, method: 'GET', host: 'facebookGraph', secrets: [secret] });

  return {
    /** Login dialog URL for Facebook Login (versioned like the Graph). */
    facebookAuthorizeUrl(params: AuthorizeUrlParams): string {
      const app = requireApp('facebook', 'facebookAuthorizeUrl');
      return consentUrl(`${endpoints.facebookDialog}/${transport.version}/dialog/oauth`, app, params);
    },

    /** Trades the single-use code for a 1–2 h user token. */
    async exchangeFacebookCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<ExpiringToken> {
      const app = requireApp('facebook', 'exchangeFacebookCode');
      const query = { client_id: app.appId, redirect_uri: redirectUri, client_secret: app.appSecret, code };
      const schema = expiringTokenSchema;
      return getWithSecret({ operation: 'exchangeFacebookCode', path: '/oauth/access_token', query, retryable: false, intent: 'authorize', schema, secret: code });
    },

    /** Short-lived user token to a ~60 d one; `expiresIn` is null when Meta says it does not expire. */
    async exchangeFacebookLongLived(shortToken: string): Promise<FacebookLongLivedToken> {
      const app = requireApp('facebook', 'exchangeFacebookLongLived');
      const query = { grant_type: 'fb_exchange_token', client_id: app.appId, client_secret: app.appSecret, fb_exchange_token: shortToken };
      const schema = facebookLongLivedTokenSchema;
      return getWithSecret({ operation: 'exchangeFacebookLongLived', path: '/oauth/access_token', query, retryable: true, schema, secret: shortToken });
    },

    /** What the user granted and declined (anything not granted counts as declined). */
    async getFacebookPermissions(userToken: string): Promise<FacebookPermissions> {
      return calls.read(asHolder(userToken), { operation: 'getFacebookPermissions', path: '/me/permissions', schema: facebookPermissionsSchema });
    },

    /** The user's Pages with their page tokens, following `paging.next` on the configured Graph host only. */
    async listFacebookPages(userToken: string): Promise<FacebookPage[]> {
      const pages: FacebookPage[] = [];
      const seen = new Set<string>();
      let next: URL | undefined;
      for (let page = 0; page < MAX_PAGES_OF_RESULTS; page += 1) {
        const body = await request({
          operation: 'listFacebookPages',
          method: 'GET',
          host: 'facebookGraph',
          ...(next ? { absoluteUrl: next } : { path: '/me/accounts', query: { fields: 'id,name,access_token,instagram_business_account', limit: '100' } }),
          bearer: userToken,
          retryable: true,
          requiredScopes: CALL_SCOPES.facebook.pages,
          schema: facebookPagesPageSchema,
        });
        for (const entry of body.data) {
          // Meta omits the page token when the user has no task on the Page; such a Page cannot publish.
          if (!entry.access_token) {
            logger?.debug(`Instagram API listFacebookPages: page ${entry.id} has no page token; skipped`);
            continue;
          }
          pages.push({
            pageId: entry.id,
            name: entry.name ?? '',
            accessToken: entry.access_token,
            instagramBusinessAccountId: entry.instagram_business_account?.id ?? null,
          });
        }
        const link = body.paging?.next;
        if (!link) return pages;
        next = followablePageUrl(link, userToken);
        if (seen.has(next.toString())) return pages;
        seen.add(next.toString());
      }
      logger?.warn(`Instagram API listFacebookPages: stopped after ${MAX_PAGES_OF_RESULTS} pages of results`);
      return pages;
    },

    /** Profile of the Instagram account linked to a Page; `userId` is the id asked for. */
    async getFacebookInstagramProfile(igUserId: string, pageToken: string): Promise<Profile> {
      const path = `/${encodeId(igUserId)}`;
      const query = { fields: PROFILE_FIELDS };
      const schema = facebookInstagramProfileSchema;
      const body = await calls.read(asHolder(pageToken), { operation: 'getFacebookInstagramProfile', path, query, needs: 'profile', schema });
      return toProfile(igUserId, null, body);
    },

    /** Token health via the Facebook app token; `expiresAt: null` means it never expires. */
    async debugToken(inputToken: string): Promise<DebugTokenResult> {
      const app = requireApp('facebook', 'debugToken');
      const bearer = `${app.appId}|${app.appSecret}`;
      const query = { input_token: inputToken };
      return getWithSecret({ operation: 'debugToken', path: '/debug_token', query, bearer, retryable: true, schema: debugTokenSchema, secret: inputToken });
    },

    /** Removes every permission the user granted the app (the token dies with it). */
    async revokeFacebookPermissions(userToken: string): Promise<void> {
      const call = { operation: 'revokeFacebookPermissions', path: '/me/permissions', schema: successResponseSchema };
      const result = await calls.write(asHolder(userToken), call, 'DELETE');
      if (!result.success) {
        throw new InstagramApiError({
          message: 'Instagram API revokeFacebookPermissions: Meta answered success=false',
          class: 'fatal',
          userMessage: 'Facebook did not confirm that the app\'s permissions were removed.',
          operation: 'revokeFacebookPermissions',
        });
      }
    },
  };
};
