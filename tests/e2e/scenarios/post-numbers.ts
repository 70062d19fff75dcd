import type { Core } from '@strapi/strapi';
import { adminApi } from '../lib/admin-api';
import { loginThroughUi, newContext } from '../lib/browser';
import { makeArticle } from '../lib/content';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

const ARTICLE = 'api::article.article';
const H = 3_600_000;
/** A community manager: reads articles and their posts, moderates comments; cannot publish. */
export const COMMUNITY = { email: 'casey@example.test', password: 'Sandbox-community-1', firstname: 'Casey', lastname: 'Community' };

const createCommunityManager = async (strapi: Core.Strapi) => {
  const roleService = strapi.service('admin::role') as any;
  const role = await roleService.create({ name: 'Instagram community', description: 'Reads posts and answers their comments.' });
  const actions = ['plugin::instagram-publisher.publications.read', 'plugin::instagram-publisher.comments.moderate', 'plugin::content-manager.explorer.read'];
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({
      action,
      subject: action.startsWith('plugin::content-manager') ? ARTICLE : null,
      properties: action.startsWith('plugin::content-manager') ? { fields: ['title', 'slug', 'excerpt', 'body', 'cover', 'gallery', 'video'], locales: ['en'] } : {},
      conditions: [],
    }))
  );
  await (strapi.service('admin::user') as any).create({ ...COMMUNITY, isActive: true, roles: [role.id] });
};

const until = async <T>(probe: () => Promise<T | null | undefined>, what: string, timeoutMs = 60_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
};

/**
 * After the post: its numbers in the entry's panel once the insights sync has read them, its comments
 * answered from there, a new comment arriving while the list is open, and the publications page
 * ordered by likes.
 */
export const postNumbersScenario: Scenario = {
  name: 'after the post: an editor sees its numbers in the panel, answers a comment, sees new ones arrive; the list sorts by likes',
  async run({ stack, browser, admin, adminToken, shot }) {
    const api = adminApi(stack.url, adminToken);
    // Given a published article whose post went live (the mapping saved by the publish scenario)
    const article = await makeArticle(stack.url, adminToken, { title: 'Harvest brunch', excerpt: 'Sunday brunch with the season’s best: book your table!' });
    const published = await api.post(`/content-manager/collection-types/${ARTICLE}/${article.documentId}/actions/publish?locale=en`, {});
    assert(published.status === 200, `publishing the article answered ${published.status}`);
    const listed = async () => (await api.get(`/instagram-publisher/publications?uid=${ARTICLE}&documentId=${article.documentId}`)).body?.data ?? [];
    if ((await until(async () => ((await listed()).length ? true : null), 'the post queued by publishing', 5_000).catch(() => false)) === false) {
      // The mapping does not post on publish: post it explicitly.
      assertEqual((await api.post('/instagram-publisher/publications', { uid: ARTICLE, documentId: article.documentId, locale: 'en' })).status, 201, 'posting the article');
    }
    const post = await until(async () => (await listed()).find((row: any) => row.status === 'published' && row.mediaId), 'the post to go live', 90_000);

    // And Instagram holds numbers and two comments for it, which the insights sync reads
    const media = stack.sandbox.getMedia(post.mediaId)!;
    media.stats = { likes: 9_999, comments: 2, reach: 20_480, views: 31_000, saved: 12, shares: 5 };
    const question = stack.sandbox.addComment(post.mediaId, { text: 'Is there a vegan option?', username: 'hungry_fan' });
    stack.sandbox.addComment(post.mediaId, { text: 'This looks delicious!', username: 'brunch_lover' });
    const sync = await (stack.strapi.plugin('instagram-publisher').service('insightsSync') as any).run({ now: () => new Date(Date.now() + 2 * H), accounts: false });
    assert(sync.outcomes.read >= 1, `the insights sync read the post (${JSON.stringify(sync.outcomes)})`);

    await createCommunityManager(stack.strapi);
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await loginThroughUi(page, stack.url, COMMUNITY);

      // When the community manager opens the entry
      await page.goto(`${stack.url}/admin/content-manager/collection-types/${ARTICLE}/${article.documentId}?plugins[i18n][locale]=en`);
      const panel = page.getByTestId('instagram-panel');
      await panel.waitFor({ timeout: 30_000 });
      const card = panel.getByTestId('entry-publication').filter({ has: page.locator('[data-status="published"]') }).first();

      // Then the live post shows its numbers: likes, comments, reach, views, saved, shares
      const numbers = card.getByTestId('post-numbers');
      await numbers.waitFor({ timeout: 30_000 });
      const read = async (name: string) => (await numbers.getByTestId(`post-number-${name}`).innerText()).replace(/\s+/g, ' ');
      assert((await read('likes')).includes('9,999'), `likes shown (got "${await read('likes')}")`);
      assert((await read('comments')).startsWith('2'), `comments shown (got "${await read('comments')}")`);
      assert((await read('reach')).includes('20,480'), `reach shown (got "${await read('reach')}")`);
      for (const name of ['views', 'saved', 'shares']) await numbers.getByTestId(`post-number-${name}`).waitFor();
      await shot(page, '30-panel-post-numbers');

      // When they open the comments from the panel and answer the question
      await card.getByTestId('entry-publication-comments').click();
      const modal = page.getByTestId('comments-modal');
      await modal.getByText('Is there a vegan option?').waitFor({ timeout: 20_000 });
      const thread = modal.getByTestId(`comment-${question}`);
      await thread.getByTestId('comment-reply').click();
      await modal.getByTestId('comment-reply-text').fill('Yes: a vegan plate every Sunday. See you there!');
      await modal.getByTestId('comment-reply-send').click();

      // Then the reply is listed under it, and Instagram has it
      await modal.getByText('Yes: a vegan plate every Sunday. See you there!').waitFor({ timeout: 20_000 });
      const reply = stack.sandbox.getMedia(post.mediaId)!.comments.find((comment) => comment.text.startsWith('Yes: a vegan plate'));
      assert(reply && reply.parentId === question, `the reply was posted under the question (got ${JSON.stringify(reply)})`);
      await shot(page, '31-comments-replied');

      // When a follower comments while the list is open and Meta notifies the app (signed webhook)
      const text = 'Just booked a table for four!';
      const fresh = stack.sandbox.addComment(post.mediaId, { text, username: 'new_fan' });
      const igUserId = stack.sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId;
      const change = stack.sandbox.webhooks.comment(igUserId, { id: fresh, mediaId: post.mediaId, text, username: 'new_fan' });
      const delivery = await stack.sandbox.webhooks.deliver(`${stack.url}/api/instagram-publisher/webhooks`, { entry: [change] }, { secret: 'sandbox-ig-secret' });
      assertEqual(delivery.status, 200, 'the webhook delivery');

      // Then it shows in the open list within seconds, without a reload
      await modal.getByText(text).waitFor({ timeout: 15_000 });
      await shot(page, '32-comments-new-arrived');
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached', timeout: 10_000 });
      // And the panel counts it
      await numbers.getByTestId('post-number-comments').filter({ hasText: /^3/ }).waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }

    // And on the publications page, a click on "Likes" puts the most liked post first; a second click flips it
    await admin.goto(`${stack.url}/admin/plugins/instagram-publisher`);
    const table = admin.getByTestId('publications-table');
    await table.waitFor({ timeout: 30_000 });
    await table.getByTestId('sort-likes').click();
    await admin.waitForURL((url) => url.searchParams.get('sort') === 'likes:desc', { timeout: 10_000 });
    const firstLikes = table.getByTestId('publication-row').first().getByTestId('publication-likes');
    await firstLikes.filter({ hasText: '9,999' }).waitFor({ timeout: 20_000 });
    assertEqual(await table.getByTestId('sort-likes').getAttribute('aria-sort'), 'descending', 'the Likes header says how the list is sorted');
    await shot(admin, '33-publications-sorted-by-likes');
    await table.getByTestId('sort-likes').click();
    await admin.waitForURL((url) => url.searchParams.get('sort') === 'likes:asc', { timeout: 10_000 });
    await firstLikes.filter({ hasNotText: '9,999' }).waitFor({ timeout: 20_000 });
    // Posts never read come last either way: the last row's likes are unknown or the biggest.
    const rows = table.getByTestId('publication-row');
    const likes = (await rows.getByTestId('publication-likes').allInnerTexts()).map((value) => value.trim());
    const known = likes.filter((value) => value !== '–').map((value) => Number(value.replace(/[^\d]/g, '')));
    assert(known.every((value, index) => index === 0 || value >= known[index - 1]!), `ascending likes (got ${likes.join(', ')})`);
    assert(likes.indexOf('–') === -1 || likes.slice(likes.indexOf('–')).every((value) => value === '–'), `posts never read last (got ${likes.join(', ')})`);
  },
};
