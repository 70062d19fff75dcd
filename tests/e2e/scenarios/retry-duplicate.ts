import { adminApi } from '../lib/admin-api';
import { makeArticle, uploadCover } from '../lib/content';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

const ARTICLE = 'api::article.article';

/**
 * The stale Retry of the issue: a post fails for want of a cover, the editor adds one and publishes
 * again, which posts it. Retrying the old failure now asks first, naming the post already made.
 */
export const retryDuplicateScenario: Scenario = {
  name: 'Retry of a version already posted asks first, naming the existing post, and posts again only on "Post again"',
  async run({ stack, admin, adminToken, shot }) {
    const api = adminApi(stack.url, adminToken);
    const entry = `/content-manager/collection-types/${ARTICLE}`;
    const publishCalls = () => stack.sandbox.count({ method: 'POST', path: /\/media_publish$/, status: 200 });

    // Given an article published without a cover, whose post failed
    const article = await makeArticle(stack.url, adminToken, { title: 'Cheese tasting', excerpt: 'Friday from 6 pm.', cover: false });
    assertEqual((await api.post(`${entry}/${article.documentId}/actions/publish?locale=en`, {})).status, 200, 'first publish');
    await admin.goto(`${stack.url}/admin/content-manager/collection-types/${ARTICLE}/${article.documentId}?plugins[i18n][locale]=en`);
    const panel = admin.getByTestId('instagram-panel');
    const failed = panel.getByTestId('entry-publication').filter({ has: admin.locator('[data-status="failed"]') });
    await failed.waitFor({ timeout: 60_000 });

    // And then given a cover and published again, which posted it
    const cover = await uploadCover(stack.url, adminToken, 'Cheese tasting');
    assertEqual((await api.put(`${entry}/${article.documentId}?locale=en`, { cover: cover.id })).status, 200, 'adding the cover');
    assertEqual((await api.post(`${entry}/${article.documentId}/actions/publish?locale=en`, {})).status, 200, 'second publish');
    await admin.reload();
    await panel.getByTestId('entry-publication').filter({ has: admin.locator('[data-status="published"]') }).waitFor({ timeout: 90_000 });
    const posted = publishCalls();

    // When the editor clicks Retry on the old failure
    await failed.getByTestId('publication-retry').click();

    // Then a dialog names the post already made, with its link and date, and nothing is posted yet
    const dialog = admin.getByTestId('duplicate-dialog');
    await dialog.waitFor({ timeout: 20_000 });
    const text = await dialog.innerText();
    assert(/already posted to @sandbox_brand on .+\. Post it again\?/.test(text), `the dialog names the existing post (got "${text}")`);
    const link = (await dialog.getByTestId('permalink').getAttribute('href')) ?? '';
    assert(link.startsWith(`${stack.sandbox.url}/p/`), `the dialog links the existing post (got "${link}")`);
    await shot(admin, '19-retry-duplicate-dialog');

    // When the editor cancels, Then nothing is posted and the failure stays as it was
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assertEqual(publishCalls(), posted, 'media_publish calls after cancelling');
    await failed.waitFor();

    // When the editor retries again and confirms, Then the version is posted a second time, knowingly
    await failed.getByTestId('publication-retry').click();
    await dialog.waitFor({ timeout: 20_000 });
    await admin.getByTestId('duplicate-confirm').click();
    await admin.getByText('Publication queued again.').waitFor({ timeout: 20_000 });
    await admin.waitForFunction(
      () => document.querySelectorAll('[data-testid="instagram-panel"] [data-testid="entry-publication"] [data-status="published"]').length === 2,
      undefined,
      { timeout: 90_000 }
    );
    assertEqual(publishCalls(), posted + 1, 'media_publish calls after "Post again"');
    await shot(admin, '20-retry-posted-again');
  },
};
