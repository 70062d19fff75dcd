import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { REQUESTED_SCOPES } from '../instagram';
import type { Connection, LoginKind } from '../store/types';
import { invalidField, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { createLogger } from '../utils/logger';
import { toConnectionView, type ConnectionView } from './connections';
import { createOAuthGrants, hashOf, LOGIN_NAME, OAuthFlowError, toPendingPage, type CallbackQuery, type FacebookGrant, type GrantOwner } from './oauth-grants';

export { hashOf, OAuthFlowError, type CallbackQuery };

const STATE_TTL_MS = 10 * 60_000;
const PENDING_TTL_MS = 30 * 60_000;

export interface AdminUser {
  id: string | number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

const displayName = (user: AdminUser) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ').trim() || user.email || `Admin #${user.id}`;

/** The Pages of an admin's Facebook Login waiting for a choice (a `pending` record). */
type PendingPayload = FacebookGrant & { connectedByName: string };

/** A state record marks an end user's flow (services/end-users/oauth.ts) with this owner. */
export const END_USER_STATE_OWNER = 'user';

export const createOAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const graph = () => getService(strapi, 'graph').client();
  const urls = () => getService(strapi, 'urls');
  const logger = createLogger(strapi);
  const grants = createOAuthGrants({ strapi });
  const { isConfigured } = grants;

  const adminOwner = (state: { userId: string; payload: Record<string, unknown> }): GrantOwner => ({
    ownerKind: 'admin',
    userId: state.userId,
    connectedByName: String(state.payload.connectedByName ?? ''),
  });

  /** Facebook Login: one Page connects at once; several wait for the admin's choice. */
  const completeFacebook = async (
    code: string,
    state: { userId: string; payload: Record<string, unknown> }
  ): Promise<{ connections: Connection[] } | { pendingId: string }> => {
    const grant = await grants.exchangeFacebook(code);
    const owner = adminOwner(state);
    if (grant.pages.length === 1) return { connections: await grants.connectPages(grant, owner, grant.pages) };
    const pendingId = randomBytes(16).toString('hex');
    const payload: PendingPayload = { ...grant, connectedByName: owner.connectedByName };
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

  /**
   * Opens a flow for anyone (the admin below, an end user in services/end-users/oauth.ts): a
   * 32-byte state, stored hashed with who started it and what they need back, valid 10 minutes
   * and usable once (the callback takes it before anything else).
   */
  const begin = async (flow: LoginKind, owner: { userId: string; payload: Record<string, unknown> }) => {
    if (!isConfigured(flow)) {
      throw new errors.ApplicationError(`${LOGIN_NAME[flow]} is not configured: set ${flow}.appId and ${flow}.appSecret in config/plugins.ts.`);
    }
    const state = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + STATE_TTL_MS);
    await store().oauth.deleteExpired(new Date());
    await store().oauth.create({ key: hashOf(state), kind: 'state', userId: owner.userId, flow, payload: owner.payload, expiresAt });
    const params = { redirectUri: urls().redirectUri(), scopes: REQUESTED_SCOPES[flow], state };
    const authUrl = flow === 'instagram' ? graph().instagramAuthorizeUrl(params) : graph().facebookAuthorizeUrl(params);
    return { authUrl, expiresAt };
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
    begin,

    /** Starts an admin's flow, bound to the admin and to their browser by a nonce sent back as a cookie. */
    async start(flow: LoginKind, user: AdminUser) {
      const browserNonce = randomBytes(32).toString('base64url');
      const { authUrl, expiresAt } = await begin(flow, {
        userId: String(user.id),
        payload: { browser: hashOf(browserNonce), connectedByName: displayName(user) },
      });
      return { authUrl, browserNonce, expiresAt };
    },

    /**
     * Completes a flow from Meta's redirect and answers where to send the browser: the plugin's
     * settings page with `connected`, `pending` or `error` in the query, or for a flow an end user
     * started, their app's `returnTo` (services/end-users/oauth.ts).
     */
    async handleCallback(query: CallbackQuery, browserNonce: string | undefined): Promise<string> {
      const fail = (error: OAuthFlowError) => urls().adminSettingsUrl({ error: error.code, message: error.message });
      try {
        if (!query.state || query.state.length > 200) {
          throw new OAuthFlowError('invalid_state', 'The connection request is missing its state. Start again from the settings page.');
        }
        // Taken (deleted) before anything else: a state works once, even when the flow fails.
        const state = await store().oauth.take(hashOf(query.state), 'state');
        // An end user's flow ends on their app's page with a one-time result, not here.
        if (state && state.payload.owner === END_USER_STATE_OWNER) {
          return await getService(strapi, 'endUserOAuth').handleCallback(state, query);
        }
        const sameBrowser = state && browserNonce && state.payload.browser === hashOf(browserNonce);
        if (!state || state.expiresAt.getTime() < Date.now() || !sameBrowser) {
          throw new OAuthFlowError(
            'invalid_state',
            'This connection attempt is unknown, expired, already used or was started from another browser. Start again from the settings page.'
          );
        }
        const code = grants.codeFrom(query, state.flow);
        if (state.flow === 'instagram') {
          const connection = await grants.connectInstagram(await grants.exchangeInstagram(code), adminOwner(state));
          logger.info(`connected @${connection.profile.username} with Instagram Login`);
          return urls().adminSettingsUrl({ connected: connection.id });
        }
        const result = await completeFacebook(code, state);
        if ('pendingId' in result) return urls().adminSettingsUrl({ pending: result.pendingId });
        logger.info(`connected @${result.connections[0].profile.username} with Facebook Login`);
        return urls().adminSettingsUrl({ connected: result.connections.map((c) => c.id).join(',') });
      } catch (error) {
        const failure = grants.describeFailure(error);
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
        pages: payload.pages.map(toPendingPage),
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
      const saved = await grants.connectPages(payload, adminOwner(record), chosen);
      logger.info(`connected ${saved.map((c) => `@${c.profile.username}`).join(', ')} with Facebook Login`);
      return saved.map((connection) => toConnectionView(connection));
    },
  };
};

export type OAuthService = ReturnType<typeof createOAuthService>;
