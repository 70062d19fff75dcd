import { makeArticle } from '../lib/content';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

const pad = (value: number) => String(value).padStart(2, '0');

/** Schedule a post in the editor's timezone, read it back in that timezone, then cancel it. */
export const scheduleScenario: Scenario = {
  name: 'scheduling from the panel stores the time in UTC, shows it in the editor timezone, and can be cancelled',
  async run({ stack, admin, adminToken, shot }) {
    // Given a published article of the mapped type (the publish scenario mapped it; publishing posts it once)
    const article = await makeArticle(stack.url, adminToken, { title: 'Winter opening hours', excerpt: 'Open every day from 8 am.' });
    await admin.goto(`${stack.url}/admin/content-manager/collection-types/api::article.article/${article.documentId}?plugins[i18n][locale]=en`);
    const panel = admin.getByTestId('instagram-panel');
    await panel.getByTestId('post-preview').waitFor({ timeout: 30_000 });
    assert((await panel.getByTestId('panel-publish-now').isDisabled()) && (await panel.getByTestId('panel-schedule').isDisabled()), 'a draft-only entry cannot be posted yet');
    await admin.getByRole('button', { name: 'Publish', exact: true }).click();
    await panel.getByTestId('entry-publication').first().locator('[data-status="published"]').waitFor({ timeout: 90_000 });

    // When the editor (in Europe/Paris) schedules it for 10:00 two days from now in the compose dialog
    const day = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    await panel.getByTestId('panel-schedule').click();
    const dialog = admin.getByRole('dialog');
    assert(await dialog.getByRole('radio', { name: 'At a chosen time' }).isChecked(), '"Schedule…" opens the dialog on "At a chosen time"');
    assertEqual(await dialog.getByTestId('compose-confirm').isDisabled(), true, 'scheduling without a time is disabled');
    await dialog.getByRole('combobox', { name: 'Date' }).fill(`${pad(day.getMonth() + 1)}/${pad(day.getDate())}/${day.getFullYear()}`);
    await dialog.getByRole('combobox', { name: 'Date' }).press('Enter');
    const time = dialog.getByRole('combobox', { name: 'Time' });
    await time.click();
    await admin.getByRole('option', { name: '10:00' }).click();
    const summary = await dialog.getByTestId('schedule-summary').innerText();
    assert(/10:00/.test(summary) && summary.includes('Europe/Paris'), `the dialog repeats the time in the editor's timezone (got "${summary}")`);
    await shot(admin, '12-edit-view-schedule');
    await dialog.getByTestId('compose-confirm').click();
    // This version was posted when it was published: the editor is asked before it is scheduled again
    const duplicate = admin.getByTestId('duplicate-dialog');
    await duplicate.waitFor({ timeout: 20_000 });
    assert(/already posted to @sandbox_brand/.test(await duplicate.innerText()), 'the question names the post already made');
    await admin.getByTestId('duplicate-confirm').click();
    await admin.getByText('Instagram post scheduled.').waitFor({ timeout: 20_000 });

    // Then the server stored 09:00 UTC (Paris is UTC+1 in winter) and the panel shows 10:00 Paris time
    const list = await fetch(`${stack.url}/instagram-publisher/publications?documentId=${article.documentId}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    }).then((response) => response.json() as Promise<{ data: Array<{ scheduledAt: string | null; status: string }> }>);
    const scheduled = list.data.filter((publication) => publication.scheduledAt);
    assertEqual(scheduled.length, 1, 'scheduled publications of the entry');
    const scheduledAt = new Date(scheduled[0].scheduledAt ?? '');
    assertEqual(scheduledAt.toISOString().slice(11, 16), '09:00', 'scheduled time stored in UTC');
    const row = panel.getByTestId('entry-publication').filter({ hasText: /Scheduled for .*10:00/ });
    await row.waitFor({ timeout: 20_000 });

    // When the editor cancels it, Then it is cancelled and no post was made for it
    await row.getByTestId('publication-cancel').click();
    await admin.getByText('Publication cancelled.').waitFor({ timeout: 20_000 });
    await panel.getByTestId('entry-publication').locator('[data-status="cancelled"]').waitFor({ timeout: 20_000 });
    await shot(admin, '13-edit-view-cancelled');

    // And the publications page lists every post, and filters them by status
    await admin.goto(`${stack.url}/admin/plugins/instagram-publisher`);
    const table = admin.getByTestId('publications-table');
    await table.locator('[data-status="cancelled"]').first().waitFor({ timeout: 30_000 });
    await shot(admin, '14-publications-page');
    await admin.getByRole('combobox', { name: 'Filter by status' }).click();
    await admin.getByRole('option', { name: 'Cancelled' }).click();
    await admin.waitForURL((url) => url.search.includes('status=cancelled'));
    await table.locator('[data-status="published"]').first().waitFor({ state: 'detached', timeout: 20_000 });
    const statuses = await table.getByTestId('publication-status').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status')));
    assert(statuses.length >= 1 && statuses.every((status) => status === 'cancelled'), `the status filter keeps cancelled posts only (got ${statuses.join(', ')})`);
  },
};
