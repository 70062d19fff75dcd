import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../../config/resolve';
import type { CompleteMyOAuth, StartMyOAuth } from '../../contracts';
import { ownerKeyOf } from '../../store/connections/mapper';
import { userOwner, type Connection, type LoginKind, type OAuthRecord } from '../../store/types';
import { invalidField, notFound } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import { createLogger } from '../../utils/logger';
import { END_USER_STATE_OWNER } from '../oauth';
import {
  createOAuthGrants,
  hashOf,
  LOGIN_NAME,
  OAuthFlowError,
  toPendingPage,
  type CallbackQuery,
  type FacebookGrant,
  type GrantedPage,
  type GrantOwner,
  type InstagramGrant,
} from '../oauth-grants';
import { anyFits, connectionsLimitError, toMyConnectionView } from './connections';
import { checkReturnTo, returnToWith } from './return-to';

/** A finished flow waits this long for the front end to complete it. */
const RESULT_TTL_MS = 10 * 60_000;
/** 32 random bytes in base64url: anything else cannot be a result this server issued. */
const RESULT_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const RESULT_NOT_FOUND = 'This connection result is unknown, expired or already used. Start connecting again.';

/** The signed-in Users & Permissions user a request acts for. */
export interface EndUser {
  id: string | number;
  username?: string | null;
  email?: string | null;
}

/** What a `result` record holds until the user completes it (encrypted as a whole by the store). */
type ResultPayload = { grant: InstagramGrant | FacebookGrant };

/** How OAuth records name an end user (`user:<id>`): the same key as their connections' owner. */
const recordUserOf = (userId: string | number) => ownerKeyOf(userOwner(userId));

const nameOf = (user: EndUser) => user.username || user.email || `User #${user.id}`;

const accountsOf = (flow: LoginKind, grant: InstagramGrant | FacebookGrant) =>
  flow === 'instagram' ? [(grant as InstagramGrant).instagramUserId] : (grant as FacebookGrant).pages.map((page) => page.instagramUserId);

/**
 * An end user's OAuth flow (POST /me/oauth/start, Meta's callback, POST /me/oauth/complete). Meta's
 * code is exchanged exactly as on the admin side (oauth-grants.ts); what differs is where the browser
 * goes (the app's `returnTo`, with a one-time result) and who may finish (the user who started).
 *
 * Unlike the admin's flow there is no browser cookie: the callback only parks what Meta granted in a
 * result bound to the user who started, and nothing is connected until that same user's JWT completes
 * it. Someone who lures another person through their flow gets a result only that person's browser
 * sees and only their own JWT could complete, so neither can attach an account to the other's user.
 */
export const createEndUserOAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'store').get();
  const connections = () => getService(strapi, 'endUserConnections');
  const logger = createLogger(strapi);
  const grants = createOAuthGrants({ strapi });
  const returnUrls = () => getPluginConfig(strapi).endUsers.returnUrls;

  const ownerOf = (user: EndUser): GrantOwner => ({ ownerKind: 'user', userId: String(user.id), connectedByName: nameOf(user) });

  /** The user's own unexpired result; anyone else's answers exactly like an unknown one. */
  const findResult = async (result: string, user: EndUser): Promise<OAuthRecord> => {
    const record = RESULT_PATTERN.test(result) ? await store().oauth.find(hashOf(result), 'result') : null;
    if (!record || record.userId !== recordUserOf(user.id) || record.expiresAt.getTime() < Date.now()) throw notFound(RESULT_NOT_FOUND);
    return record;
  };

  /** Uses a result up: of two concurrent completions, one connects and the other gets a 404. */
  const consume = async (record: OAuthRecord) => {
    if (!(await store().oauth.take(record.key, 'result'))) throw notFound(RESULT_NOT_FOUND);
  };

  /**
   * Two results completed at once can each pass the limit check: the count after writing settles
   * it, and the accounts this completion added are removed again when it went over.
   */
  const settleLimit = async (user: EndUser, saved: Connection[], newAccounts: string[]) => {
    const max = connections().maxConnections();
    if ((await store().connections.count(userOwner(user.id))) <= max) return;
    for (const connection of saved.filter((c) => newAccounts.includes(c.instagramUserId))) await store().connections.delete(connection.id);
    throw connectionsLimitError(max);
  };

  const connected = (saved: Connection[]): CompleteMyOAuth.Response['data'] => ({
    status: 'connected',
    connections: saved.map((connection) => toMyConnectionView(connection)),
  });

  /** Facebook Login: the Pages to connect, from the user's choice or the only Page granted; null asks to choose. */
  const chosenPages = (grant: FacebookGrant, pageIds: string[] | undefined): GrantedPage[] | null => {
    if (!pageIds) return grant.pages.length === 1 ? grant.pages : null;
    const unknown = pageIds.filter((pageId) => !grant.pages.some((page) => page.pageId === pageId));
    if (unknown.length) {
      throw invalidField('pageIds', `pageIds: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the Pages offered`);
    }
    return grant.pages.filter((page) => pageIds.includes(page.pageId));
  };

  return {
    /**
     * Starts a flow for the user: `returnTo` must lie under one of `endUsers.returnUrls` (400 naming
     * it otherwise), and a user at the connections limit is refused (429) before meeting Meta.
     */
    async start(flow: LoginKind, returnTo: string, user: EndUser): Promise<StartMyOAuth.Response['data']> {
      const checked = checkReturnTo(returnTo, returnUrls());
      if (!checked.ok) throw invalidField('returnTo', `returnTo: ${checked.reason}`);
      await connections().assertCanStartFlow(String(user.id));
      const { authUrl, expiresAt } = await getService(strapi, 'oauth').begin(flow, {
        userId: recordUserOf(user.id),
        payload: { owner: END_USER_STATE_OWNER, returnTo: checked.url },
      });
      return { authUrl, expiresAt: expiresAt.toISOString() };
    },

    /**
     * Meta's callback for a state an end user started (already taken, so used up): exchanges the
     * code, parks what Meta granted in a one-time result bound to the user, and answers where to
     * send the browser: `returnTo` with `?result=`, or with `?error=&message=`. Never a token or Meta's code.
     */
    async handleCallback(state: OAuthRecord, query: CallbackQuery): Promise<string> {
      // Checked again: the allowed return URLs may have changed since the flow started.
      const returnTo = checkReturnTo(String(state.payload.returnTo ?? ''), returnUrls());
      if (!returnTo.ok) {
        logger.warn('an end user’s OAuth flow came back to a return URL the app no longer allows');
        const refused = new OAuthFlowError('invalid_state', 'The page this connection should return to is no longer allowed. Start again.');
        return getService(strapi, 'urls').adminSettingsUrl({ error: refused.code, message: refused.message });
      }
      try {
        if (state.expiresAt.getTime() < Date.now()) {
          throw new OAuthFlowError('invalid_state', 'This connection attempt expired. Start connecting again.');
        }
        const code = grants.codeFrom(query, state.flow);
        const grant = state.flow === 'instagram' ? await grants.exchangeInstagram(code) : await grants.exchangeFacebook(code);
        const userId = state.userId.slice(state.userId.indexOf(':') + 1);
        // Told now rather than after the user comes back; completing checks again.
        const room = await connections().roomOf(userId);
        if (!anyFits(room, accountsOf(state.flow, grant))) {
          throw new OAuthFlowError('too_many_connections', connectionsLimitError(room.max).message);
        }
        const result = randomBytes(32).toString('base64url');
        await store().oauth.create({
          key: hashOf(result),
          kind: 'result',
          userId: state.userId,
          flow: state.flow,
          payload: { grant } satisfies ResultPayload,
          expiresAt: new Date(Date.now() + RESULT_TTL_MS),
        });
        return returnToWith(returnTo.url, { result });
      } catch (error) {
        const failure = grants.describeFailure(error);
        logger.warn(`an end user’s OAuth callback ended with ${failure.code}`, error instanceof OAuthFlowError ? undefined : error);
        return returnToWith(returnTo.url, { error: failure.code, message: failure.message });
      }
    },

    /**
     * Completes the user's own result: connects the Instagram Login account, or the Facebook Login
     * Page (several Pages answer `choose_pages` first, without using the result up). The connections
     * limit is checked again; accounts the user already has are reconnected in place.
     */
    async complete(result: string, pageIds: string[] | undefined, user: EndUser): Promise<CompleteMyOAuth.Response['data']> {
      const record = await findResult(result, user);
      const owner = ownerOf(user);
      if (record.flow === 'instagram') {
        const grant = (record.payload as { grant: InstagramGrant }).grant;
        const { newAccounts } = await connections().assertRoomFor(owner.userId, [grant.instagramUserId]);
        await consume(record);
        const saved = [await grants.connectInstagram(grant, owner)];
        await settleLimit(user, saved, newAccounts);
        logger.info(`user ${owner.userId} connected @${grant.profile.username} with ${LOGIN_NAME.instagram}`);
        return connected(saved);
      }
      const grant = (record.payload as { grant: FacebookGrant }).grant;
      const pages = chosenPages(grant, pageIds);
      if (!pages) return { status: 'choose_pages', pages: grant.pages.map(toPendingPage), expiresAt: record.expiresAt.toISOString() };
      const { newAccounts } = await connections().assertRoomFor(
        owner.userId,
        pages.map((page) => page.instagramUserId)
      );
      await consume(record);
      const saved = await grants.connectPages(grant, owner, pages);
      await settleLimit(user, saved, newAccounts);
      logger.info(`user ${owner.userId} connected ${saved.map((c) => `@${c.profile.username}`).join(', ')} with ${LOGIN_NAME.facebook}`);
      return connected(saved);
    },
  };
};

export type EndUserOAuthService = ReturnType<typeof createEndUserOAuthService>;
