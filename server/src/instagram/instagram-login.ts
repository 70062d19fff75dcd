/** Instagram Login ("Business Login for Instagram"): consent, code and token exchanges, the profile. */
import type { AccountCalls } from './account-calls';
import { consentUrl, type AuthorizeUrlParams } from './consent-url';
import {
  expiringTokenSchema,
  instagramCodeExchangeSchema,
  instagramProfileSchema,
  type ExpiringToken,
  type InstagramCodeExchange,
  type Profile,
} from './schemas';
import type { Transport } from './transport';

const PROFILE_FIELDS = 'user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website';

export const createInstagramLogin = ({ transport, calls }: { transport: Transport; calls: AccountCalls }) => {
  const { request, requireApp } = transport;

  /** graph.instagram.com's token endpoints: unversioned, GET only, and the token in the query as Meta requires. */
  const tokenGrant = (operation: string, path: string, query: Record<string, string>, token: string): Promise<ExpiringToken> => {
    const schema = expiringTokenSchema;
    return request({ operation, method: 'GET', host: 'instagramGraph', path, versioned: false, query, retryable: true, schema, secrets: [token] });
  };

  return {
    /** Consent page URL for Instagram Login. */
    instagramAuthorizeUrl(params: AuthorizeUrlParams): string {
      return consentUrl(transport.endpoints.instagramAuthorize, requireApp('instagram', 'instagramAuthorizeUrl'), params);
    },

    /** Trades the one-hour, single-use code for a short-lived token and the professional account id. */
    async exchangeInstagramCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<InstagramCodeExchange> {
      const app = requireApp('instagram', 'exchangeInstagramCode');
      // Instagram appends "#_" to the redirect; if a caller passes it through, Meta rejects the code.
      const cleanCode = code.replace(/#_$/, '');
      return request({
        operation: 'exchangeInstagramCode',
        method: 'POST',
        host: 'instagramApi',
        path: '/oauth/access_token',
        versioned: false,
        form: {
          client_id: app.appId,
          client_secret: app.appSecret,
          grant_type: 'authorization_code',
          redirect_uri: redirectUri,
          code: cleanCode,
        },
        retryable: false,
        intent: 'authorize',
        schema: instagramCodeExchangeSchema,
        secrets: [code, cleanCode],
      });
    },

    /** Short-lived (1 h) to long-lived (~60 d) token; Meta only takes these parameters in the query. */
    async exchangeInstagramLongLived(shortToken: string): Promise<ExpiringToken> {
      const app = requireApp('instagram', 'exchangeInstagramLongLived');
      const query = { grant_type: 'ig_exchange_token', client_secret: app.appSecret, access_token: shortToken };
      return tokenGrant('exchangeInstagramLongLived', '/access_token', query, shortToken);
    },

    /** New 60-day token; Meta refuses tokens under 24 h old or already expired (190). GET only. */
    async refreshInstagramToken(longToken: string): Promise<ExpiringToken> {
      return tokenGrant('refreshInstagramToken', '/refresh_access_token', { grant_type: 'ig_refresh_token', access_token: longToken }, longToken);
    },

    /** The connected professional account; `userId` is `user_id`, the id publishing needs. */
    async getInstagramProfile(token: string): Promise<Profile> {
      const call = { operation: 'getInstagramProfile', path: '/me', query: { fields: PROFILE_FIELDS }, needs: 'profile' as const };
      return calls.read({ host: 'instagram', accessToken: token }, { ...call, schema: instagramProfileSchema });
    },
  };
};
