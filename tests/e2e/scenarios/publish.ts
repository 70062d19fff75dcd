import { makeArticle } from '../lib/content';
import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

/** Map articles, create one with a cover, publish it, and watch the panel reach "Published". */
export const publishScenario: Scenario = {
  name: 'publishing an article with a cover posts it and the panel shows "Published" with a permalink',
  async run({ stack, admin, adminToken, shot }) {
    // Given an article with a cover image (a draft)
    const article = await makeArticle(stack.url, adminToken, {
      title: 'Autumn menu is here',
      excerpt: 'Pumpkin soup, chestnut tart and a new house blend. Come and taste it this weekend!',
    });

    // And the Article content type mapped in the settings, posting on publish
    await admin.goto(settingsUrl(stack.url));
    const section = admin.getByTestId('mappings-section');
    await section.getByRole('button', { name: /Article/ }).first().click();
    const editor = admin.getByTestId('mapping-api::article.article');
    await editor.waitFor();
    await editor.getByTestId('mapping-enabled').check({ force: true });
    await editor.getByTestId('mapping-autoPublish').check({ force: true });
    const template = editor.getByTestId('api--article-article-captionTemplate-input');
    // (a template naming a field the type does not have is refused with the field's name)
    await template.fill('{{title}} {{subtitle}}');
    await editor.getByTestId('mapping-save').click();
    const refusal = await editor.getByTestId('mapping-error').innerText({ timeout: 20_000 });
    assert(refusal.includes('subtitle'), `the refusal names the unknown field (got "${refusal}")`);
    await template.fill('{{title}}\n\n{{excerpt}}\n\n#autumn #menu @sandbox_cafe');
    await editor.getByTestId('template-preview').getByTestId('caption-preview').getByText('Autumn menu is here').waitFor({ timeout: 20_000 });
    // (the counter shows Instagram's limit as the server enforces it: 5 hashtags since December 2025;
    // waited for, since the preview of the previous template may still be on screen)
    const hashtags = editor.getByTestId('template-preview').getByTestId('count-hashtags');
    await hashtags.filter({ hasText: /^2 \/ / }).waitFor({ timeout: 20_000 });
    assertEqual(await hashtags.innerText(), '2 / 5 hashtags', 'the hashtag counter');
    await editor.getByTestId('mapping-save').click();
    await admin.getByText('Mapping saved.').waitFor({ timeout: 20_000 });
    await shot(admin, '05-settings-mapping');

    // When the editor opens the entry and clicks Publish
    await admin.goto(`${stack.url}/admin/content-manager/collection-types/api::article.article/${article.documentId}?plugins[i18n][locale]=en`);
    const panel = admin.getByTestId('instagram-panel');
    await panel.waitFor({ timeout: 30_000 });
    await panel.getByTestId('post-preview').waitFor();
    await panel.getByText('Not posted to Instagram yet.').waitFor();
    await panel.getByTestId('panel-publish-hint').waitFor();
    await shot(admin, '06-edit-view-panel');
    await admin.getByRole('button', { name: 'Publish', exact: true }).click();

    // Then the publish hook queues a post and the panel follows it to "Published" with its permalink
    const publication = panel.getByTestId('entry-publication').first();
    await publication.waitFor({ timeout: 30_000 });
    await publication.locator('[data-status="published"]').waitFor({ timeout: 90_000 });
    const permalink = await publication.getByTestId('permalink').getAttribute('href');
    assert(permalink && /^https?:\/\/.+\/p\/[\w-]+\/?$/.test(permalink), `the panel links the permalink (got ${permalink})`);
    await shot(admin, '07-edit-view-published');

    // And the sandbox received exactly one media_publish for it
    const publishes = stack.sandbox.count({ method: 'POST', path: /\/media_publish$/ });
    assert(publishes === 1, `one media_publish call reached the sandbox (got ${publishes})`);

    // And the publications page lists it
    await admin.goto(`${stack.url}/admin/plugins/instagram-publisher`);
    const firstRow = admin.getByTestId('publications-table').getByTestId('publication-row').first();
    await firstRow.locator('[data-status="published"]').waitFor({ timeout: 30_000 });
    // Named by the entry's title, as the Content Manager names it
    await firstRow.getByRole('link', { name: 'Autumn menu is here' }).waitFor({ timeout: 10_000 });
    await shot(admin, '08-publications-page-first-post');
  },
};
