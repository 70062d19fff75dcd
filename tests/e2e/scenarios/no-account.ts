import { adminApi } from '../lib/admin-api';
import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

const ARTICLE = 'api::article.article';

/**
 * Runs last: it disconnects every account. Posts keep naming the account they went to, the mapping
 * that named it is flagged, and the panel says why it cannot post, with the way to the settings.
 */
export const noAccountScenario: Scenario = {
  name: 'with every account disconnected, the panel disables posting with a reason and a settings link, and the mapping is flagged',
  async run({ stack, admin, adminToken, shot }) {
    // Given articles mapped to @sandbox_brand, which already posted some of them
    const api = adminApi(stack.url, adminToken);
    const connections: Array<{ id: string; profile: { username: string } }> = (await api.get('/instagram-publisher/connections')).body.data;
    const brand = connections.find((connection) => connection.profile.username === 'sandbox_brand');
    assert(brand, '@sandbox_brand is connected');
    const settings = (await api.get('/instagram-publisher/settings')).body.data;
    await api.put('/instagram-publisher/settings', { mappings: { ...settings.mappings, [ARTICLE]: { ...settings.mappings[ARTICLE], connectionId: brand.id } } });
    const posted = (await api.get('/instagram-publisher/publications?status=published&pageSize=1')).body.data[0];
    assert(posted, 'a published post exists');

    // When every account is disconnected from its card, each dialog's button saying what it does
    await admin.goto(settingsUrl(stack.url));
    const cards = admin.getByTestId('connection-card');
    await cards.first().waitFor({ timeout: 20_000 });
    for (let left = await cards.count(); left > 0; left -= 1) {
      await cards.first().getByTestId('disconnect').click();
      const confirm = admin.getByRole('alertdialog').getByTestId('disconnect-confirm');
      assertEqual(await confirm.innerText(), 'Disconnect', 'the confirm button of the disconnect dialog');
      await confirm.click();
      await admin.waitForFunction((count) => document.querySelectorAll('[data-testid="connection-card"]').length === count, left - 1, { timeout: 20_000 });
    }

    // Then the Article mapping, still "On publish", says its account is gone
    const section = admin.getByTestId('mappings-section');
    await section.getByTestId('mapping-account-badge').waitFor({ timeout: 20_000 });
    await section.getByRole('button', { name: /Article/ }).first().click();
    const warning = await section.getByTestId('mapping-account-warning').innerText();
    assert(warning.includes('will fail until an account is chosen'), `the mapping editor says posts will fail (got "${warning}")`);
    await shot(admin, '17-settings-mapping-account-gone');

    // And in the panel of an entry, posting is disabled with the reason and a link to the settings
    await admin.goto(`${stack.url}/admin/content-manager/collection-types/${ARTICLE}/${posted.documentId}?plugins[i18n][locale]=en`);
    const panel = admin.getByTestId('instagram-panel');
    await panel.getByTestId('panel-no-account').waitFor({ timeout: 30_000 });
    assertEqual(await panel.getByTestId('panel-publish-now').isDisabled(), true, '"Publish to Instagram now" without an account');
    assertEqual(await panel.getByTestId('panel-schedule').isDisabled(), true, '"Schedule…" without an account');
    assert((await panel.getByTestId('mapping-account-warning').innerText()).includes('will fail'), 'the panel warns about the mapping too');
    // And the posts made before still name the account they went to
    const account = await panel.getByTestId('entry-publication-account').first().innerText();
    assert(account.startsWith('@sandbox_brand (disconnected)'), `a past post names its account (got "${account}")`);
    const panelText = await panel.innerText();
    assert(!/connectionId|Invalid body/.test(panelText), 'no request field is named to the editor');
    await shot(admin, '18-edit-view-no-account');
    await panel.getByTestId('panel-no-account').getByTestId('settings-link').click();
    await admin.waitForURL((url) => url.pathname.endsWith('/settings/instagram-publisher'), { timeout: 20_000 });

    // And so does the Account column of the publications page
    await admin.goto(`${stack.url}/admin/plugins/instagram-publisher`);
    const column = admin.getByTestId('publications-table').getByTestId('publication-account');
    await column.first().waitFor({ timeout: 20_000 });
    const accounts = await column.allInnerTexts();
    assert(accounts.includes('@sandbox_brand (disconnected)') && !accounts.includes('–'), `every post names its account (got ${accounts.join(', ')})`);
  },
};
