import type { Browser, Page } from 'playwright-core';
import type { Stack } from './stack';

/** What every scenario gets: the running stack, the browser and the super admin's logged-in page. */
export interface E2EContext {
  stack: Stack;
  browser: Browser;
  /** A tab logged in as the first (super) admin. */
  admin: Page;
  adminToken: string;
  /** Saves a screenshot named after the scenario step. */
  shot: (page: Page, name: string) => Promise<string>;
}

export interface Scenario {
  name: string;
  run: (context: E2EContext) => Promise<void>;
}
