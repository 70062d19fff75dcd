import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../config/resolve';
import { REQUIRED_SCOPES, isInstagramApiError, type Profile } from '../instagram';
import type { OAuthErrorCode, PendingPage } from '../contracts';
import type { Connection, LoginKind, OwnerKind } from '../store/types';
import { getService } from '../utils/get-service';
import { subscribeConnectionToWebhooks } from './webhooks/subscribe-account';

/**
 * What Meta grants at the end of an OAuth flow, shared by the admin's flow (services/oauth.ts) and
 * an end user's (services/end-users/oauth.ts): Meta's answer to the callback, the code exchanges,
 * the profile reads, and the connections written from them. Grants are plain JSON (dates as ISO
 * strings) because both flows may park one in an OAuth record (encrypted as a whole by the store)
 * until someone chooses Pages or completes the flow.
 */

/** A failure of the callback that ends on the page the flow returns to as `?error=<code>&message=...`. */
export class OAuthFlowError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

export const LOGIN_NAME: Record<LoginKind, string> = { instagram: 'Instagram Login', facebook: 'Facebook Login' };

/** States, nonces and results are stored hashed: a database read does not let anyone finish a flow. */
export const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** Instagram Login: the long-lived token and the professional account it publishes as. */
export interface InstagramGrant {
  instagramUserId: string;
  /** The app-scoped user Meta's callbacks refer to, when it differs from the account id. */
  appScopedUserId: string | null;
  accessToken: string;
  tokenIssuedAt: string;
  tokenExpiresAt: string;
  profile: Omit<Profile, 'userId'>;
  scopes: string[];
}

/** A Facebook Page with a linked Instagram professional account, and the Page token that publishes. */
export interface GrantedPage {
  pageId: string;
  pageName: string;
  pageToken: string;
  instagramUserId: string;
  profile: Omit<Profile, 'userId'>;
}

/** What a user choosing among granted Pages sees of one: never its token. */
export const toPendingPage = (page: GrantedPage): PendingPage => ({
  pageId: page.pageId,
  pageName: page.pageName,
  instagramUserId: page.instagramUserId,
  username: page.profile.username,
  name: page.profile.name,
  profilePictureUrl: page.profile.profilePictureUrl,
  followersCount: page.profile.followersCount,
});

/** Facebook Login: the long-lived user token (kept to revoke on disconnect) and the qualifying Pages. */
export interface FacebookGrant {
  userAccessToken: string;
  facebookUserId: string | null;
  scopes: string[];
  dataAccessExpiresAt: string | null;
  pages: GrantedPage[];
}

/** Who a connection written from a grant belongs to, and the name shown for who connected it. */
export interface GrantOwner {
  ownerKind: OwnerKind;
  userId: string;
  connectedByName: string;
}

/** Meta's redirect to the callback, once read safely from the query. */
export interface CallbackQuery {
  state?: string;
  code?: string;
  error?: string;
  error_reason?: string;
  error_description?: string;
}

/** A connection as a completed flow leaves it: healthy, just read from Meta, no refresh yet. */
const freshState = (now: Date) => ({
  status: 'active' as const,
  isActive: true,
  lastError: null,
  connectedAt: now,
  lastSyncedAt: now,
  lastRefreshedAt: null,
  refreshLockedUntil: null,
});

export const createOAuthGrants = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const urls = () => getService(strapi, 'urls');

  const isConfigured = (flow: LoginKind) => {
    const app = getPluginConfig(strapi)[flow];
    return Boolean(app.appId && app.appSecret);
  };

  const checkScopes = (flow: LoginKind, granted: string[]) => {
    const missing = REQUIRED_SCOPES[flow].filter((scope) => !granted.includes(scope));
    if (missing.length) {
      throw new OAuthFlowError(
        'missing_scopes',
        `${LOGIN_NAME[flow]} did not grant ${missing.join(', ')}. Connect again and keep ${missing.length === 1 ? 'this permission' : 'these permissions'} enabled.`
      );
    }
  };

  return {
    isConfigured,

    /** Meta's code from its redirect, or the failure Meta reported (a cancel, an error) as an OAuthFlowError. */
    codeFrom(query: CallbackQuery, flow: LoginKind): string {
      if (query.error) {
        throw query.error === 'access_denied'
          ? new OAuthFlowError('cancelled', `${LOGIN_NAME[flow]} was cancelled: no account was connected.`)
          : new OAuthFlowError('meta_error', `${LOGIN_NAME[flow]} failed (${query.error.slice(0, 60)}). Try again.`);
      }
      // Meta appends "#_" to the code in some browsers.
      const code = query.code?.replace(/#_?=?_?$/, '');
      if (!code) throw new OAuthFlowError('invalid_request', 'Meta did not send an authorization code. Start again.');
      if (!isConfigured(flow)) throw new OAuthFlowError('not_configured', `${LOGIN_NAME[flow]} is not configured on this server.`);
      return code;
    },

    /** Instagram Login: code → short-lived → long-lived token, then the professional profile. */
    async exchangeInstagram(code: string): Promise<InstagramGrant> {
      const issuedAt = new Date();
      const exchanged = await graph().exchangeInstagramCode({ code, redirectUri: urls().redirectUri() });
      checkScopes('instagram', exchanged.permissions);
      const longLived = await graph().exchangeInstagramLongLived(exchanged.accessToken);
      const { userId: instagramUserId, ...profile } = await graph().getInstagramProfile(longLived.accessToken);
      return {
        instagramUserId,
        // The token endpoint names the app-scoped user Meta's callbacks will refer to.
        appScopedUserId: exchanged.userId !== instagramUserId ? exchanged.userId : null,
        accessToken: longLived.accessToken,
        tokenIssuedAt: issuedAt.toISOString(),
        tokenExpiresAt: new Date(issuedAt.getTime() + longLived.expiresIn * 1000).toISOString(),
        profile,
        scopes: exchanged.permissions,
      };
    },

    /**
     * Facebook Login: user token → long-lived, granted scopes, then the Pages with a linked
     * Instagram professional account and their profiles. No such Page is a failure of the flow.
     */
    async exchangeFacebook(code: string): Promise<FacebookGrant> {
      const short = await graph().exchangeFacebookCode({ code, redirectUri: urls().redirectUri() });
      const longLived = await graph().exchangeFacebookLongLived(short.accessToken);
      const permissions = await graph().getFacebookPermissions(longLived.accessToken);
      checkScopes('facebook', permissions.granted);
      const debug = await graph().debugToken(longLived.accessToken);
      const pages = (await graph().listFacebookPages(longLived.accessToken)).filter((page) => page.instagramBusinessAccountId);
      if (pages.length === 0) {
        throw new OAuthFlowError(
          'no_instagram_account',
          'None of the Facebook Pages you shared has a linked Instagram professional account. Link one in the Instagram app (Settings → Account type and tools), then connect again.'
        );
      }
      const granted: GrantedPage[] = [];
      for (const page of pages) {
        const { userId: instagramUserId, ...profile } = await graph().getFacebookInstagramProfile(
          page.instagramBusinessAccountId!,
          page.accessToken
        );
        granted.push({ pageId: page.pageId, pageName: page.name, pageToken: page.accessToken, instagramUserId, profile });
      }
      return {
        userAccessToken: longLived.accessToken,
        facebookUserId: debug.userId ?? null,
        scopes: permissions.granted,
        dataAccessExpiresAt: debug.dataAccessExpiresAt ? debug.dataAccessExpiresAt.toISOString() : null,
        pages: granted,
      };
    },

    /** Writes (or updates in place, per owner and account) the connection of an Instagram Login grant. */
    async connectInstagram(grant: InstagramGrant, owner: GrantOwner): Promise<Connection> {
      const now = new Date();
      const connection = await store().connections.upsertByInstagramUserId({
        ...owner,
        instagramUserId: grant.instagramUserId,
        loginKind: 'instagram',
        pageId: null,
        pageName: null,
        appScopedUserId: grant.appScopedUserId,
        accessToken: grant.accessToken,
        userAccessToken: null,
        tokenIssuedAt: new Date(grant.tokenIssuedAt),
        tokenExpiresAt: new Date(grant.tokenExpiresAt),
        dataAccessExpiresAt: null,
        profile: grant.profile,
        scopes: grant.scopes,
        ...freshState(now),
      });
      // Both the admin's and an end user's flows save here: each new connection gets Meta's webhooks.
      await subscribeConnectionToWebhooks(strapi, connection);
      return connection;
    },

    /** Writes the connections of the chosen Pages of a Facebook Login grant, each with its Page token. */
    async connectPages(grant: FacebookGrant, owner: GrantOwner, pages: GrantedPage[]): Promise<Connection[]> {
      const now = new Date();
      const saved: Connection[] = [];
      for (const page of pages) {
        saved.push(
          await store().connections.upsertByInstagramUserId({
            ...owner,
            instagramUserId: page.instagramUserId,
            loginKind: 'facebook',
            pageId: page.pageId,
            pageName: page.pageName,
            appScopedUserId: grant.facebookUserId,
            accessToken: page.pageToken,
            userAccessToken: grant.userAccessToken,
            tokenIssuedAt: now,
            // Page tokens from a long-lived user token do not expire.
            tokenExpiresAt: null,
            dataAccessExpiresAt: grant.dataAccessExpiresAt ? new Date(grant.dataAccessExpiresAt) : null,
            profile: page.profile,
            scopes: grant.scopes,
            ...freshState(now),
          })
        );
      }
      for (const connection of saved) await subscribeConnectionToWebhooks(strapi, connection);
      return saved;
    },

    /** Maps any failure of the flow to a code and a message safe to put in a URL. */
    describeFailure(error: unknown): OAuthFlowError {
      if (error instanceof OAuthFlowError) return error;
      if (isInstagramApiError(error)) {
        if (error.class === 'transient' && error.code === undefined) {
          return new OAuthFlowError('unreachable', 'Meta could not be reached. Try connecting again in a moment.');
        }
        if (error.operation === 'exchangeInstagramCode' || error.operation === 'exchangeFacebookCode') {
          return new OAuthFlowError(
            'exchange_failed',
            'Meta refused the authorization code (it may have expired or been used already). Start the connection again.'
          );
        }
        return new OAuthFlowError('meta_error', error.userMessage);
      }
      return new OAuthFlowError('meta_error', 'The connection could not be completed. Try again.');
    },
  };
};

export type OAuthGrants = ReturnType<typeof createOAuthGrants>;
