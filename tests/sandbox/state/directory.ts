import { idSequence } from '../ids';
import type { InstagramAccountInput, PageInput, SandboxFacebookUser, SandboxInstagramAccount, SandboxPage } from '../types';

/** Who exists at the double's Meta: Instagram professional accounts, Facebook users and their Pages. */
export class Directory {
  readonly igAccounts = new Map<string, SandboxInstagramAccount>();
  private readonly igByUsername = new Map<string, SandboxInstagramAccount>();
  private readonly igByAppScoped = new Map<string, SandboxInstagramAccount>();
  readonly fbUsers = new Map<string, SandboxFacebookUser>();
  readonly pages = new Map<string, SandboxPage>();
  /** The Facebook user that owns the fixture pages, and new pages by default. */
  fixtureFacebookUserId = '';

  private readonly nextIgUserId = idSequence('178414', 17, 100);
  private readonly nextAppScopedId = idSequence('26', 17, 100);
  private readonly nextFbUserId = idSequence('101', 17, 100);
  private readonly nextPageId = idSequence('1010', 16, 100);

  addInstagramAccount(input: InstagramAccountInput): SandboxInstagramAccount {
    const username = input.username.replace(/^@/, '');
    if (this.igByUsername.has(username.toLowerCase())) throw new Error(`sandbox: username ${username} already exists`);
    const account: SandboxInstagramAccount = {
      userId: input.userId ?? this.nextIgUserId(),
      appScopedId: input.appScopedId ?? this.nextAppScopedId(),
      username,
      name: input.name,
      accountType: input.accountType ?? 'BUSINESS',
      profilePictureUrl: input.profilePictureUrl,
      followersCount: input.followersCount ?? 0,
      followsCount: input.followsCount ?? 0,
      mediaCount: input.mediaCount ?? 0,
      biography: input.biography,
      website: input.website,
      instagramLogin: input.instagramLogin ?? input.pageId === undefined,
      pageId: input.pageId,
    };
    if (account.userId === account.appScopedId) throw new Error('sandbox: appScopedId must differ from userId, as at Meta');
    if (this.igAccounts.has(account.userId)) throw new Error(`sandbox: user_id ${account.userId} already exists`);
    this.igAccounts.set(account.userId, account);
    this.igByUsername.set(username.toLowerCase(), account);
    this.igByAppScoped.set(account.appScopedId, account);
    return account;
  }

  updateInstagramAccount(ref: string, patch: Partial<Omit<SandboxInstagramAccount, 'userId' | 'appScopedId'>>): SandboxInstagramAccount {
    const account = this.findInstagramAccount(ref);
    if (!account) throw new Error(`sandbox: unknown Instagram account ${ref}`);
    if (patch.username && patch.username !== account.username) {
      this.igByUsername.delete(account.username.toLowerCase());
      this.igByUsername.set(patch.username.toLowerCase(), account);
    }
    Object.assign(account, patch);
    return account;
  }

  /** ref: username (with or without @), user_id or app-scoped id. */
  findInstagramAccount(ref: string): SandboxInstagramAccount | undefined {
    const r = ref.replace(/^@/, '');
    return this.igAccounts.get(r) ?? this.igByUsername.get(r.toLowerCase()) ?? this.igByAppScoped.get(r);
  }

  listInstagramAccounts(filter?: { instagramLogin?: boolean }): SandboxInstagramAccount[] {
    return [...this.igAccounts.values()].filter((a) => filter?.instagramLogin === undefined || a.instagramLogin === filter.instagramLogin);
  }

  /** The account the Instagram authorize page picks when none is named. */
  firstLoginAccount(): SandboxInstagramAccount | undefined {
    for (const a of this.igAccounts.values()) if (a.instagramLogin) return a;
    return undefined;
  }

  addFacebookUser(input: { id?: string; name: string }): SandboxFacebookUser {
    const user: SandboxFacebookUser = { id: input.id ?? this.nextFbUserId(), name: input.name, pageIds: [] };
    if (this.fbUsers.has(user.id)) throw new Error(`sandbox: Facebook user ${user.id} already exists`);
    this.fbUsers.set(user.id, user);
    return user;
  }

  /** ref: Facebook user id or name; without ref the fixture user. */
  findFacebookUser(ref?: string): SandboxFacebookUser | undefined {
    if (!ref) return this.fbUsers.get(this.fixtureFacebookUserId);
    return this.fbUsers.get(ref) ?? [...this.fbUsers.values()].find((u) => u.name === ref);
  }

  addPage(input: PageInput): SandboxPage {
    const ownerId = input.ownerId === null ? undefined : (input.ownerId ?? this.fixtureFacebookUserId);
    const owner = ownerId ? this.fbUsers.get(ownerId) : undefined;
    if (ownerId && !owner) throw new Error(`sandbox: unknown Facebook user ${ownerId}`);
    const page: SandboxPage = {
      id: input.id ?? this.nextPageId(),
      name: input.name,
      category: input.category ?? 'Brand',
      ownerId,
      isLocation: input.isLocation ?? false,
    };
    if (this.pages.has(page.id)) throw new Error(`sandbox: page ${page.id} already exists`);
    if (input.instagram) {
      const ig = this.addInstagramAccount({ accountType: 'BUSINESS', instagramLogin: false, ...input.instagram, pageId: page.id });
      page.igUserId = ig.userId;
    }
    this.pages.set(page.id, page);
    owner?.pageIds.push(page.id);
    return page;
  }

  listPages(ownerId?: string): SandboxPage[] {
    return [...this.pages.values()].filter((p) => ownerId === undefined || p.ownerId === ownerId);
  }

  /** The Pages a user administers, in the order they were added. */
  pagesOfUser(user: SandboxFacebookUser): SandboxPage[] {
    return user.pageIds.map((id) => this.pages.get(id)!).filter(Boolean);
  }

  /** The Page an Instagram account (any ref) is linked to. */
  pageOfInstagram(ref: string): SandboxPage | undefined {
    const ig = this.findInstagramAccount(ref);
    return ig?.pageId ? this.pages.get(ig.pageId) : undefined;
  }
}
