import type { ConnectionAction } from '../contracts';
import { isInstagramApiError } from '../instagram';
import type { Connection, ConnectionPatch, PostKind } from '../store/types';

/**
 * What a Graph error says about the connection that made the call. The worker and the refresh job
 * both ask here, so a code marks the account the same way whichever path meets it first.
 *
 * - reconnect: the token is dead (190 and its subcodes but 459, 102). Only a new login helps.
 * - grant_permissions: the token lacks a permission the call needs (3, 10, 200–299). A new login
 *   granting every requested permission helps.
 * - open_instagram_app: the account is checkpointed or restricted (190/459, 25/2207050). The token
 *   stays valid: the user acts in the Instagram app, then "Check again" (or the next refresh run)
 *   finds Meta accepting the token and makes the account active again.
 */
export type { ConnectionAction };

export interface ConnectionVerdict {
  status: 'reconnect_needed' | 'action_required';
  action: ConnectionAction;
  /** Stored as the connection's lastError: the card shows it. */
  reason: string;
}

const REASON_SUFFIX: Record<ConnectionAction, string> = {
  reconnect: 'Connect the account again.',
  grant_permissions: 'Connect the account again and allow every permission asked.',
  open_instagram_app: 'Open the Instagram app with this account, complete what it asks, then click "Check again".',
};

/**
 * A stored reason without the advice the verdict appended: the card says what to do on its own line
 * (from the action), while lastError stays a complete sentence for anyone else reading the store.
 */
export const reasonWithoutAdvice = (reason: string): string => {
  for (const suffix of Object.values(REASON_SUFFIX)) {
    if (reason.endsWith(` ${suffix}`)) return reason.slice(0, -suffix.length - 1);
  }
  return reason;
};

/** The action a stored status asks for; null when the connection needs nothing. */
export const actionForStatus = (connection: Pick<Connection, 'status' | 'isActive' | 'accessToken' | 'lastError'>): ConnectionAction | null => {
  if (connection.status === 'action_required') return 'open_instagram_app';
  if (connection.status !== 'active' || !connection.isActive || !connection.accessToken) {
    // The verdict's reason is stored as lastError; its wording tells a permission problem apart.
    return connection.lastError?.endsWith(REASON_SUFFIX.grant_permissions) ? 'grant_permissions' : 'reconnect';
  }
  return null;
};

/**
 * The verdict for an error, or null when it says nothing about the connection (a bad post, an
 * outage...). A permission error on a story from an account that is not a Business account is not
 * a connection problem: Meta only lets Business accounts post stories, and no login changes that.
 */
export const verdictFor = (
  error: unknown,
  connection: Pick<Connection, 'profile'>,
  context: { postKind?: PostKind | null } = {}
): ConnectionVerdict | null => {
  if (!isInstagramApiError(error)) return null;
  const say = (status: ConnectionVerdict['status'], action: ConnectionAction): ConnectionVerdict => ({
    status,
    action,
    reason: `${withoutAdvice(error.userMessage)} ${REASON_SUFFIX[action]}`,
  });
  switch (error.class) {
    case 'reauth':
      return say('reconnect_needed', 'reconnect');
    case 'userAction':
      return say('action_required', 'open_instagram_app');
    case 'permission':
      if (context.postKind === 'story' && connection.profile.accountType !== 'BUSINESS') return null;
      return say('reconnect_needed', 'grant_permissions');
    default:
      return null;
  }
};

/** The store patch of a verdict: the token is kept (a new login replaces it; "Check again" reuses it). */
export const patchFor = (verdict: ConnectionVerdict): ConnectionPatch => ({ status: verdict.status, lastError: verdict.reason });

/** Why a connection cannot post now, for the post's error; null when it can. */
export const unusableReason = (connection: Connection): string | null => {
  const who = `@${connection.profile.username || connection.instagramUserId}`;
  const detail = connection.lastError ? ` (${connection.lastError})` : '';
  if (connection.status === 'action_required') {
    return `Instagram has restricted or checkpointed ${who}: open the Instagram app with this account, complete what it asks, click "Check again" on its card in the plugin settings, then retry this post.`;
  }
  if (!connection.isActive || connection.status !== 'active' || !connection.accessToken) {
    const why = connection.status === 'deauthorized' ? 'was disconnected on Instagram' : 'needs to be reconnected';
    return `The Instagram account ${who} ${why}${detail}. Reconnect it, then retry this post.`;
  }
  return null;
};

/** Meta's texts end with their own advice ("Reconnect the account."); ours replaces it. */
const withoutAdvice = (message: string) =>
  message
    .replace(/\s*(Reconnect the account[^.]*\.|Open the Instagram app[^.]*\.|[^.]*then try again\.)\s*$/i, '')
    .trim();
