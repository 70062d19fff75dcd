import type { Core } from '@strapi/strapi';
import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert } from '../lib/expect';
import type { Stack } from '../lib/stack';
import { seedConnection } from '../../integration/publishing/helpers';

const ARTICLE = 'api::article.article';
const DAY = 86_400_000;

const storeOf = (strapi: Core.Strapi) => (strapi.plugin('instagram-publisher').service('store') as any).get();

/** A connection as the OAuth flow saves it, with 1,510 followers; `scopes` narrower than the token's for one made before insights. */
const seedAccount = (stack: Stack, account: string, scopes?: string[]) => {
  const ig = stack.sandbox.accounts.getInstagramAccount(account)!;
  const profile = { username: ig.username, name: null, accountType: ig.accountType, profilePictureUrl: null, biography: null, website: null, followersCount: 1510, followsCount: 80, mediaCount: 12 };
  return seedConnection(stack.strapi, stack.sandbox, account, { userId: null, connectedByName: null, profile, ...(scopes ? { scopes } : {}) });
};

/**
 * An account's insights from its card: the followers chart (with its accessible table) and the top
 * posts by reach, each linking to its entry; and a connection made before the insights permission
 * says "Reconnect to see insights" on its card.
 */
export const accountInsightsScenario: Scenario = {
  name: "an account's insights open from its card: followers chart and top posts; an old connection says to reconnect",
  async run({ stack, admin, shot }) {
    const { strapi } = stack;
    const store = storeOf(strapi);
    const igBrand = stack.sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId;
    const brand = (await store.connections.findByInstagramUserId(igBrand)) ?? (await seedAccount(stack, 'sandbox_brand'));
    const igCreator = stack.sandbox.accounts.getInstagramAccount('sandbox_creator')!.userId;
    // The scenario connects @sandbox_creator as an old connection and removes it after: it must not be one an earlier scenario made.
    assert(!(await store.connections.findByInstagramUserId(igCreator)), '@sandbox_creator is not connected on the admin side yet');
    const legacy = await seedAccount(stack, 'sandbox_creator', ['instagram_business_basic', 'instagram_business_content_publish']);
    const created: string[] = [];
    const entries: string[] = [];
    try {
      // Given two weeks of daily snapshots and two published posts with numbers
      for (let days = 13; days >= 0; days -= 1) {
        const day = new Date(Date.now() - days * DAY);
        await store.insights.putAccountSnapshot({ connectionId: brand.id, day: day.toISOString().slice(0, 10), followersCount: 1380 + (13 - days) * 10 - (days % 3) * 4, reach: 200 + days * 5, takenAt: day });
      }
      for (const [title, likes, reach] of [['Harbour at dawn', 48, 3100], ['Market day', 120, 900]] as const) {
        const entry = await (strapi.documents(ARTICLE as any) as any).create({ data: { title, slug: `${title.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}` } });
        entries.push(entry.documentId);
        await (strapi.documents(ARTICLE as any) as any).publish({ documentId: entry.documentId });
        const postedAt = new Date(Date.now() - 3 * DAY);
        const row = await strapi.db.query('plugin::instagram-publisher.publication' as any).create({
          data: {
            targetUid: ARTICLE, targetDocumentId: entry.documentId, targetLocale: 'en', connectionId: String(brand.id), publicationStatus: 'published', kind: 'image', trigger: 'manual',
            runAt: postedAt, attempts: 1, mediaId: `e2e-${reach}`, permalink: `https://www.instagram.com/p/e2e${reach}/`, postedAt, insightsState: 'done',
            insights: { likes, comments: 4, metrics: { reach }, status: 'ok', message: null }, insightsSyncedAt: new Date(),
          },
        });
        created.push(String(row.id));
      }

      // When the admin opens the settings page
      await admin.goto(settingsUrl(stack.url));
      const legacyCard = admin.getByTestId('connection-card').filter({ hasText: '@sandbox_creator' });
      await legacyCard.waitFor({ timeout: 20_000 });

      // Then the old connection's card says to reconnect for insights
      const notice = await legacyCard.getByTestId('insights-reconnect-notice').innerText();
      assert(notice.includes('Reconnect to see insights') && /click Reconnect/.test(notice), `the card says to reconnect to see insights (got "${notice}")`);
      const brandCard = admin.getByTestId('connection-card').filter({ hasText: '@sandbox_brand' });
      assert((await brandCard.getByTestId('insights-reconnect-notice').count()) === 0, 'a connection with the permission shows no notice');
      await shot(admin, '20a-insights-reconnect-notice');

      // When the admin opens the brand account's insights
      await brandCard.getByTestId('open-insights').click();
      const dialog = admin.getByTestId('account-insights');
      await dialog.getByTestId('followers-chart').waitFor({ timeout: 20_000 });

      // Then the chart is labelled, its values are in a table for screen readers, and the top posts rank by reach
      const svg = dialog.locator('svg[role="img"]');
      const label = await svg.locator('desc').textContent();
      assert(/followers went from 1,3\d\d to 1,510/.test(label ?? ''), `the chart describes the trend in words (got "${label}")`);
      const rows = await dialog.getByTestId('followers-table').locator('tbody tr').count();
      assert(rows === 14, `the hidden table lists every day (got ${rows})`);
      const followers = await dialog.getByTestId('insights-followers').innerText();
      assert(followers.includes('1,510'), `the latest followers show (got "${followers}")`);
      const top = await dialog.getByTestId('top-post-row').allInnerTexts();
      // (Earlier scenarios may have left posts of their own on this account: only the order of these two is ours.)
      const harbour = top.findIndex((row) => row.includes('Harbour at dawn'));
      const market = top.findIndex((row) => row.includes('Market day'));
      assert(harbour >= 0 && top[harbour].includes('3,100') && market > harbour, `the post with the wider reach comes first (got ${JSON.stringify(top)})`);
      await shot(admin, '20b-account-insights');

      // When the period is a week, the chart shows 7 days
      await dialog.getByRole('combobox', { name: 'Period' }).click();
      await admin.getByRole('option', { name: 'Last 7 days' }).click();
      await admin.waitForFunction(() => document.querySelectorAll('[data-testid="followers-table"] tbody tr').length === 7, undefined, { timeout: 10_000 });
      await shot(admin, '20c-account-insights-week');
      await admin.keyboard.press('Escape');
    } finally {
      await store.connections.delete(legacy.id);
      for (const id of created) await strapi.db.query('plugin::instagram-publisher.publication' as any).delete({ where: { id: Number(id) } });
      // Publishing the entries may have queued posts of their own (the article mapping of an earlier scenario): those go too.
      if (entries.length) await strapi.db.query('plugin::instagram-publisher.publication' as any).deleteMany({ where: { targetDocumentId: { $in: entries } } });
    }
  },
};
