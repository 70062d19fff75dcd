import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getPluginConfig } from '../config/resolve';
import { REQUESTED_SCOPES, REQUIRED_SCOPES, isInstagramApiError, type Profile } from '../instagram';
import type { OAuthErrorCode } from '../contracts';
import type { Connection, ConnectionWrite, LoginKind } from '../store/types';
import { invalidField, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { toConnectionView, type ConnectionView } from './connections';

const STATE_TTL_MS = 10 * 60_000;
const PENDING_TTL_MS = 30 * 60_000;

/** A failure of the callback that ends on the settings page as `?error=<code>&message=...`. */
export class OAuthFlowError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'OAuthFlowError';
  }
}

const LOGIN_NAME: Record<LoginKind, string> = { instagram: 'Instagram Login', facebook: 'Facebook Login' };

/** States and browser nonces are stored hashed: a database read does not let anyone finish a flow. */
export const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

export interface AdminUser {
  id: string | number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

const displayName = (user: AdminUser) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ').trim() || user.email || `Admin #${user.id}`;

interface PendingPage {
  pageId: string;
  pageName: string;
  pageToken: string;
  instagramUserId: string;
  profile: Omit<Profile, 'userId'>;
}

interface PendingPayload {
  userAccessToken: string;
  facebookUserId: string | null;
  scopes: string[];
  dataAccessExpiresAt: string | null;
  connectedByName: string;
  pages: PendingPage[];
}

export interface CallbackQuery {
  state?: string;
  code?: string;
  error?: string;
  error_reason?: string;
  error_description?: string;
}

export const createOAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const urls = () => getService(strapi, 'urls');
  const logger = createLogger(strapi);

  const isConfigured = (flow: LoginKind) => {
    const app = getPluginConfig(strapi)[flow];
    return Boolean(app.appId && app.appSecret);
  };

  const upsertConnection = (data: Omit<ConnectionWrite, 'status' | 'isActive' | 'lastError' | 'refreshLockedUntil' | 'lastRefreshedAt'>) =>
    store().connections.upsertByInstagramUserId({
      ...data,
      status: 'active',
      isActive: true,
      lastError: null,
      lastRefreshedAt: null,
      refreshLockedUntil: null,
    });

  const checkScopes = (flow: LoginKind, granted: string[]) => {
    const missing = REQUIRED_SCOPES[flow].filter((scope) => !granted.includes(scope));
    if (missing.length) {
      throw new OAuthFlowError(
        'missing_scopes',
        `${LOGIN_NAME[flow]} did not grant ${missing.join(', ')}. Connect again and keep ${missing.length === 1 ? 'this permission' : 'these permissions'} enabled.`
      );
    }
  };

  /** Instagram Login: code → short-lived → long-lived token, then the professional profile. */
  const completeInstagram = async (code: string, state: { userId: string; payload: Record<string, unknown> }) => {
    const now = new Date();
    const exchanged = await graph().exchangeInstagramCode({ code, redirectUri: urls().redirectUri() });
    checkScopes('instagram', exchanged.permissions);
    const longLived = await graph().exchangeInstagramLongLived(exchanged.accessToken);
    const { userId: instagramUserId, ...profile } = await graph().getInstagramProfile(longLived.accessToken);
    const connection = await upsertConnection({
      userId: state.userId,
      connectedByName: String(state.payload.connectedByName ?? ''),
      instagramUserId,
      loginKind: 'instagram',
      pageId: null,
      pageName: null,
      // The token endpoint names the app-scoped user Meta's callbacks will refer to.
      appScopedUserId: exchanged.userId !== instagramUserId ? exchanged.userId : null,
      accessToken: longLived.accessToken,
      userAccessToken: null,
      tokenIssuedAt: now,
      tokenExpiresAt: new Date(now.getTime() + longLived.expiresIn * 1000),
      dataAccessExpiresAt: null,
      profile,
      scopes: exchanged.permissions,
      connectedAt: now,
      lastSyncedAt: now,
    });
    return [connection];
  };

  const connectPages = async (payload: PendingPayload, userId: string, pages: PendingPage[]): Promise<Connection[]> => {
    const now = new Date();
    const saved: Connection[] = [];
    for (const page of pages) {
      saved.push(
        await upsertConnection({
          userId,
          connectedByName: payload.connectedByName,
          instagramUserId: page.instagramUserId,
          loginKind: 'facebook',
          pageId: page.pageId,
          pageName: page.pageName,
          appScopedUserId: payload.facebookUserId,
          accessToken: page.pageToken,
          userAccessToken: payload.userAccessToken,
          tokenIssuedAt: now,
          // Page tokens from a long-lived user token do not expire.
          tokenExpiresAt: null,
          dataAccessExpiresAt: payload.dataAccessExpiresAt ? new Date(payload.dataAccessExpiresAt) : null,
          profile: page.profile,
          scopes: payload.scopes,
          connectedAt: now,
          lastSyncedAt: now,
        })
      );
    }
    return saved;
  };

  /**
   * Facebook Login: user token → long-lived, granted scopes, then the Pages with a linked
   * Instagram professional account. One Page connects at once; several wait for a choice.
   */
  const completeFacebook = async (
    code: string,
    state: { userId: string; payload: Record<string, unknown> }
  ): Promise<{ connections: Connection[] } | { pendingId: string }> => {
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
    const withProfiles: PendingPage[] = [];
    for (const page of pages) {
      const { userId: instagramUserId, ...profile } = await graph().getFacebookInstagramProfile(
        page.instagramBusinessAccountId!,
        page.accessToken
      );
      withProfiles.push({ pageId: page.pageId, pageName: page.name, pageToken: page.accessToken, instagramUserId, profile });
    }
    const payload: PendingPayload = {
      userAccessToken: longLived.accessToken,
      facebookUserId: debug.userId ?? null,
      scopes: permissions.granted,
      dataAccessExpiresAt: debug.dataAccessExpiresAt ? debug.dataAccessExpiresAt.toISOString() : null,
      connectedByName: String(state.payload.connectedByName ?? ''),
      pages: withProfiles,
    };
    if (withProfiles.length === 1) return { connections: await connectPages(payload, state.userId, withProfiles) };
    const pendingId = randomBytes(16).toString('hex');
    await store().oauth.create({
      key: pendingId,
      kind: 'pending',
      userId: state.userId,
      flow: 'facebook',
      payload: payload as unknown as Record<string, unknown>,
      expiresAt: new Date(Date.now() + PENDING_TTL_MS),
    });
    return { pendingId };
  };

  /** Maps any failure of the flow to a code and a message safe to put in a URL. */
  const describeFailure = (error: unknown): OAuthFlowError => {
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
  };

  const pendingFor = async (id: string, user: AdminUser) => {
    const record = /^[a-f0-9]{32}$/.test(id) ? await store().oauth.find(id, 'pending') : null;
    if (!record || record.expiresAt.getTime() < Date.now() || record.userId !== String(user.id)) {
      throw notFound('This Page choice has expired or belongs to another admin. Start the connection again.');
    }
    return record;
  };

  return {
    isConfigured,
    requestedScopes: (flow: LoginKind) => [...REQUESTED_SCOPES[flow]],

    /**
     * Starts a flow: a 32-byte state, stored hashed and bound to the admin, the flow and a
     * browser nonce (sent back as a cookie), valid 10 minutes and usable once.
     */
    async start(flow: LoginKind, user: AdminUser) {
      if (!isConfigured(flow)) {
        throw new errors.ApplicationError(`${LOGIN_NAME[flow]} is not configured: set ${flow}.appId and ${flow}.appSecret in config/plugins.ts.`);
      }
      const state = randomBytes(32).toString('base64url');
      const browserNonce = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + STATE_TTL_MS);
      await store().oauth.deleteExpired(new Date());
      await store().oauth.create({
        key: hashOf(state),
        kind: 'state',
        userId: String(user.id),
        flow,
        payload: { browser: hashOf(browserNonce), connectedByName: displayName(user) },
        expiresAt,
      });
      const params = { redirectUri: urls().redirectUri(), scopes: REQUESTED_SCOPES[flow], state };
      const authUrl = flow === 'instagram' ? graph().instagramAuthorizeUrl(params) : graph().facebookAuthorizeUrl(params);
      return { authUrl, browserNonce, expiresAt };
    },

    /**
     * Completes a flow from Meta's redirect and answers where to send the browser: always
     * the plugin's settings page, with `connected`, `pending` or `error` in the query.
     */
    async handleCallback(query: CallbackQuery, browserNonce: string | undefined): Promise<string> {
      const fail = (error: OAuthFlowError) => urls().adminSettingsUrl({ error: error.code, message: error.message });
      try {
        if (!query.state || query.state.length > 200) {
          throw new OAuthFlowError('invalid_state', 'The connection request is missing its state. Start again from the settings page.');
        }
        // Taken (deleted) before anything else: a state works once, even when the flow fails.
        const state = await store().oauth.take(hashOf(query.state), 'state');
        const sameBrowser = state && browserNonce && state.payload.browser === hashOf(browserNonce);
        if (!state || state.expiresAt.getTime() < Date.now() || !sameBrowser) {
          throw new OAuthFlowError(
            'invalid_state',
            'This connection attempt is unknown, expired, already used or was started from another browser. Start again from the settings page.'
          );
        }
        if (query.error) {
          throw query.error === 'access_denied'
            ? new OAuthFlowError('cancelled', `${LOGIN_NAME[state.flow]} was cancelled: no account was connected.`)
            : new OAuthFlowError('meta_error', `${LOGIN_NAME[state.flow]} failed (${query.error.slice(0, 60)}). Try again.`);
        }
        const code = query.code?.replace(/#_?=?_?$/, '');
        if (!code) throw new OAuthFlowError('invalid_request', 'Meta did not send an authorization code. Start again.');
        if (!isConfigured(state.flow)) {
          throw new OAuthFlowError('not_configured', `${LOGIN_NAME[state.flow]} is not configured on this server.`);
        }
        if (state.flow === 'instagram') {
          const connections = await completeInstagram(code, state);
          logger.info(`connected @${connections[0].profile.username} with Instagram Login`);
          return urls().adminSettingsUrl({ connected: connections.map((c) => c.id).join(',') });
        }
        const result = await completeFacebook(code, state);
        if ('pendingId' in result) return urls().adminSettingsUrl({ pending: result.pendingId });
        logger.info(`connected @${result.connections[0].profile.username} with Facebook Login`);
        return urls().adminSettingsUrl({ connected: result.connections.map((c) => c.id).join(',') });
      } catch (error) {
        const failure = describeFailure(error);
        logger.warn(`OAuth callback ended with ${failure.code}`, error instanceof OAuthFlowError ? undefined : error);
        return fail(failure);
      }
    },

    /** The Pages waiting for a choice, without their tokens. */
    async getPending(id: string, user: AdminUser) {
      const record = await pendingFor(id, user);
      const payload = record.payload as unknown as PendingPayload;
      return {
        id,
        flow: record.flow,
        expiresAt: record.expiresAt.toISOString(),
        pages: payload.pages.map((page) => ({
          pageId: page.pageId,
          pageName: page.pageName,
          instagramUserId: page.instagramUserId,
          username: page.profile.username,
          name: page.profile.name,
          profilePictureUrl: page.profile.profilePictureUrl,
          followersCount: page.profile.followersCount,
        })),
      };
    },

    /** Connects the chosen Pages' Instagram accounts; the choice is then used up. */
    async selectPending(id: string, pageIds: string[], user: AdminUser): Promise<ConnectionView[]> {
      const record = await pendingFor(id, user);
      const payload = record.payload as unknown as PendingPayload;
      const unknown = pageIds.filter((pageId) => !payload.pages.some((page) => page.pageId === pageId));
      if (unknown.length) {
        throw invalidField('pageIds', `pageIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the Pages offered`);
      }
      const taken = await store().oauth.take(id, 'pending');
      if (!taken) throw notFound('This Page choice was already completed.');
      const chosen = payload.pages.filter((page) => pageIds.includes(page.pageId));
      const saved = await connectPages(payload, record.userId, chosen);
      logger.info(`connected ${saved.map((c) => `@${c.profile.username}`).join(', ')} with Facebook Login`);
      return saved.map((connection) => toConnectionView(connection));
    },
  };
};

export type OAuthService = ReturnType<typeof createOAuthService>;
