import type { SandboxClock } from '../clock';
import type { IssueTokenSpec, ResolvedSandboxOptions, SandboxTokenInfo } from '../types';
import { createAccountsApi, type SandboxAccounts } from './accounts-api';
import { CodeBook } from './codes';
import { ContainerBook } from './containers';
import { Directory } from './directory';
import { issueToken } from './issue-token';
import { MediaLibrary } from './media';
import { Quota } from './quota';
import { seedFixtures } from './seed';
import { TokenBook } from './tokens';

export type { SandboxAccounts } from './accounts-api';
export type { CodeRecord, CodeRefusal } from './codes';
export { containerError, type ContainerRecord, type Host } from './containers';
export type { Authorization, TokenRecord } from './tokens';
export { FACEBOOK_SCOPES, INSTAGRAM_SCOPES, LIFETIME, REQUIRED_SCOPE } from './scopes';

/**
 * Everything the double remembers, one store per job. reset() replaces every store with a fresh one
 * (and reseeds the fixtures), so handlers must reach stores through the state on each call.
 */
export class SandboxState {
  directory!: Directory;
  tokens!: TokenBook;
  codes!: CodeBook;
  containers!: ContainerBook;
  media!: MediaLibrary;
  quota!: Quota;
  /** `subscribed_apps` per Instagram account (`ig:<id>`) or Page (`page:<id>`): the fields subscribed. */
  webhookSubscriptions!: Map<string, string[]>;
  /** Turns of the Instagram code exchange's 'alternate' answer shapes. */
  counters = { shape: 0, permissions: 0 };
  /** Async work (video checks) started before a reset must not touch the new state. */
  epoch = 0;
  readonly accounts: SandboxAccounts;

  constructor(
    readonly clock: SandboxClock,
    private readonly options: () => ResolvedSandboxOptions,
  ) {
    this.accounts = createAccountsApi(this, options);
    this.reset();
  }

  reset(): void {
    this.epoch++;
    this.directory = new Directory();
    this.tokens = new TokenBook(this.clock, this.directory);
    this.codes = new CodeBook(this.clock);
    this.containers = new ContainerBook(this.clock);
    this.media = new MediaLibrary();
    this.quota = new Quota(this.clock);
    this.webhookSubscriptions = new Map();
    this.counters = { shape: 0, permissions: 0 };
    seedFixtures(this.directory);
  }

  issueToken(spec: IssueTokenSpec): SandboxTokenInfo {
    return issueToken(this.directory, this.tokens, this.options(), spec);
  }
}
