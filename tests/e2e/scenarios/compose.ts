import { adminApi } from '../lib/admin-api';
import { makeArticle } from '../lib/content';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

const ARTICLE = 'api::article.article';

/** The editor rewrites the caption of one post in the compose dialog; that caption is the one posted. */
export const composeScenario: Scenario = {
  name: 'the compose dialog posts the caption the editor edited, with live counters, and links the post on the sandbox',
  async run({ stack, admin, adminToken, shot }) {
    // Given articles that post only on request (the mapping's "post when published" is off for this scenario)
    const api = adminApi(stack.url, adminToken);
    const settings = (await api.get('/instagram-publisher/settings')).body.data;
    const mapping = settings.mappings[ARTICLE];
    await api.put('/instagram-publisher/settings', { mappings: { ...settings.mappings, [ARTICLE]: { ...mapping, autoPublish: false } } });
    try {
      // And a published article
      const article = await makeArticle(stack.url, adminToken, { title: 'Bread workshop', excerpt: 'Saturday at 10, flour provided.' });
      await admin.goto(`${stack.url}/admin/content-manager/collection-types/${ARTICLE}/${article.documentId}?plugins[i18n][locale]=en`);
      const panel = admin.getByTestId('instagram-panel');
      await panel.getByTestId('panel-publish-hint').waitFor({ timeout: 30_000 });
      await admin.getByRole('button', { name: 'Publish', exact: true }).click();
      await panel.getByTestId('panel-publish-hint').waitFor({ state: 'detached', timeout: 30_000 });
      // (the account name in the narrow panel is shown whole, on one line: neither cut nor broken)
      const account = panel.getByTestId('preview-account');
      assertEqual(await account.innerText(), 'sandbox_brand', 'the account named in the preview');
      const lines = await account.evaluate((node) => {
        const style = getComputedStyle(node);
        return { height: node.getBoundingClientRect().height, line: parseFloat(style.lineHeight), ellipsis: style.textOverflow === 'ellipsis' };
      });
      assert(!lines.ellipsis && lines.height < lines.line * 1.5, `the account name is whole and on one line (got ${JSON.stringify(lines)})`);

      // When the editor opens "Publish to Instagram now…", the caption is the template's, with its counters
      await panel.getByTestId('panel-publish-now').click();
      const dialog = admin.getByRole('dialog');
      const caption = dialog.getByTestId('compose-caption');
      const templateCaption = await caption.inputValue();
      assert(templateCaption.startsWith('Bread workshop'), `the caption is prefilled from the template (got "${templateCaption}")`);
      assert(await dialog.getByRole('radio', { name: 'Now' }).isChecked(), 'the dialog opens on "Now"');

      // And rewrites it: the counters follow every key
      const edited = 'Bread workshop this Saturday!\nBook your seat: link in bio.\n#bread #workshop #bakery @sandbox_creator';
      await caption.fill(edited);
      const counter = (name: string) => dialog.getByTestId(`count-${name}`).innerText();
      assert(/^3 \/ \d+ hashtags$/.test(await counter('hashtags')), `hashtag counter of the edited caption (got "${await counter('hashtags')}")`);
      assert(/^1 \/ \d+ mentions$/.test(await counter('mentions')), `mention counter of the edited caption (got "${await counter('mentions')}")`);
      assert((await counter('characters')).startsWith(`${[...edited].length} / `), `character counter (got "${await counter('characters')}")`);
      await dialog.getByTestId('compose-caption-reset').waitFor();
      await shot(admin, '15-compose-dialog');
      await dialog.getByTestId('compose-confirm').click();
      await admin.getByText('Sent to Instagram: the post is on its way.').waitFor({ timeout: 20_000 });

      // Then the post made on the sandbox carries the edited caption, not the template's
      const row = panel.getByTestId('entry-publication').first();
      await row.locator('[data-status="published"]').waitFor({ timeout: 90_000 });
      const media = stack.sandbox.listMedia('17841400000000001');
      assertEqual(media[media.length - 1]?.caption, edited, 'caption of the post on the sandbox');
      assertEqual(await row.getByTestId('entry-publication-account').innerText(), '@sandbox_brand · Image', 'account and kind of the post');

      // And its permalink opens the sandbox's page for that post, which shows the same caption
      const permalink = (await row.getByTestId('permalink').getAttribute('href')) ?? '';
      assert(permalink.startsWith(`${stack.sandbox.url}/p/`), `the permalink points at the sandbox (got ${permalink})`);
      const page = await admin.context().newPage();
      try {
        await page.goto(permalink);
        assertEqual(await page.getByTestId('sandbox-post-caption').innerText(), edited, 'caption on the permalink page');
        await shot(page, '16-sandbox-permalink');
      } finally {
        await page.close();
      }
    } finally {
      await api.put('/instagram-publisher/settings', { mappings: settings.mappings });
    }
  },
};
