import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags a container needs (never a downloaded browser). */
export const launchBrowser = (): Promise<Browser> => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with \`apt-get install -y --no-install-recommends chromium\``);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
};

export const newContext = async (browser: Browser): Promise<BrowserContext> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Paris' });
  // E2E_CONSOLE=1 prints the pages' console errors and warnings (a blocked image, a failed request).
  if (process.env.E2E_CONSOLE) {
    context.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') process.stdout.write(`  [browser ${message.type()}] ${message.text()}\n`);
    });
  }
  return context;
};

/**
 * Saves a PNG of the whole screen to tests/e2e/screenshots/<name>.png (git-ignored). Strapi's
 * admin scrolls inside its own containers, so the window is made as tall as the tallest of
 * them for the shot, then put back.
 */
export const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const contentHeight = await page
    .evaluate(() => {
      let tallest = document.documentElement.scrollHeight;
      for (const element of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
        const style = getComputedStyle(element);
        if (/(auto|scroll)/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 4) {
          tallest = Math.max(tallest, element.scrollHeight + element.getBoundingClientRect().top);
        }
      }
      return Math.ceil(tallest);
    })
    .catch(() => viewport.height);
  const height = Math.min(Math.max(viewport.height, contentHeight), 6000);
  if (height > viewport.height) {
    await page.setViewportSize({ width: viewport.width, height });
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: file, fullPage: true });
  if (height > viewport.height) await page.setViewportSize(viewport);
  return file;
};

/** Logs in through Strapi's own login form. */
export const loginThroughUi = async (page: Page, baseUrl: string, user: { email: string; password: string }) => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30_000 });
  // The home page loads widgets; wait for the main navigation to be there.
  await page.getByRole('navigation').first().waitFor({ timeout: 30_000 });
};

export const settingsUrl = (baseUrl: string) => `${baseUrl}/admin/settings/instagram-publisher`;
