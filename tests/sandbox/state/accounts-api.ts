import type { InstagramAccountInput, PageInput, ResolvedSandboxOptions, SandboxFacebookUser, SandboxInstagramAccount, SandboxPage, SandboxTokenInfo } from '../types';
import type { SandboxState } from './index';

/** sb.accounts: what tests may add, read and break among accounts, users, Pages and their tokens. */
export interface SandboxAccounts {
  /** Id of the fixture Facebook user that owns the fixture pages. */
  readonly facebookUserId: string;
  /** Cheap (O(1)): a benchmark seeds 10,000 of these. */
  addInstagramAccount(input: InstagramAccountInput): SandboxInstagramAccount;
  updateInstagramAccount(ref: string, patch: Partial<Omit<SandboxInstagramAccount, 'userId' | 'appScopedId'>>): SandboxInstagramAccount;
  /** ref: username, user_id or app-scoped id. */
  getInstagramAccount(ref: string): SandboxInstagramAccount | undefined;
  listInstagramAccounts(filter?: { instagramLogin?: boolean }): SandboxInstagramAccount[];
  addFacebookUser(input: { id?: string; name: string }): SandboxFacebookUser;
  /** Without ref: the fixture user. */
  getFacebookUser(ref?: string): SandboxFacebookUser | undefined;
  listFacebookUsers(): SandboxFacebookUser[];
  addPage(input: PageInput): SandboxPage;
  getPage(id: string): SandboxPage | undefined;
  listPages(ownerId?: string): SandboxPage[];
  /**
   * Kill a token (ref = the token) or every token so far of an account / Facebook user / page
   * (ref = username, user_id, fb user id, page id): later calls answer 190 with this subcode
   * (460 password changed by default; 458 app removed, 459 checkpoint, 463 expired, 464, 467, 492).
   * Tokens minted afterwards (the user reconnects) work.
   */
  invalidateToken(ref: string, subcode?: number): void;
  /** The user removes the app: like DELETE /me/permissions, every token dies with 190/458. */
  revokeApp(ref: string): void;
  tokenInfo(token: string): SandboxTokenInfo | undefined;
}

/** Reads the state's current stores on every call, so the object stays valid across reset(). */
export function createAccountsApi(state: SandboxState, options: () => ResolvedSandboxOptions): SandboxAccounts {
  return {
    get facebookUserId() {
      return state.directory.fixtureFacebookUserId;
    },
    addInstagramAccount: (input) => state.directory.addInstagramAccount(input),
    updateInstagramAccount: (ref, patch) => state.directory.updateInstagramAccount(ref, patch),
    getInstagramAccount: (ref) => state.directory.findInstagramAccount(ref),
    listInstagramAccounts: (filter) => state.directory.listInstagramAccounts(filter),
    addFacebookUser: (input) => state.directory.addFacebookUser(input),
    getFacebookUser: (ref) => state.directory.fbUsers.get(ref ?? state.directory.fixtureFacebookUserId),
    listFacebookUsers: () => [...state.directory.fbUsers.values()],
    addPage: (input) => state.directory.addPage(input),
    getPage: (id) => state.directory.pages.get(id),
    listPages: (ownerId) => state.directory.listPages(ownerId),
    invalidateToken: (ref, subcode) => state.tokens.invalidate(ref, subcode),
    revokeApp(ref) {
      const opts = options();
      const ig = state.directory.findInstagramAccount(ref);
      if (ig) return state.tokens.revoke('instagram', opts.instagramApp.appId, ig.userId);
      if (state.directory.fbUsers.has(ref)) return state.tokens.revoke('facebook', opts.facebookApp.appId, ref);
      throw new Error(`sandbox: unknown account or user ${ref}`);
    },
    tokenInfo: (token) => state.tokens.info(token),
  };
}
