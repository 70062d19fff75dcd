import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert } from '../lib/expect';

const DAY = 86_400_000;

/**
 * Support's view of the app's own users' connections: the settings page lists an end user's
 * account with its owner, health and last post, counts them, and revokes it behind a confirmation.
 */
export const endUserConnectionsScenario: Scenario = {
  name: 'support sees an app user’s connection with its owner and last post, and revokes it',
  async run({ stack, admin, shot }) {
    // Given an app user (Users & Permissions) who connected @sandbox_member and posted to it
    const strapi = stack.strapi;
    const store = (strapi.plugin('instagram-publisher').service('store') as any).get();
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const user = await strapi.db.query('plugin::users-permissions.user' as any).create({
      data: { username: 'e2e-member', email: 'e2e-member@example.test', provider: 'local', confirmed: true, blocked: false, role: role.id },
    });
    const now = new Date();
    const connection = await store.connections.upsertByInstagramUserId({
      ownerKind: 'user',
      userId: String(user.id),
      connectedByName: null,
      instagramUserId: '17841499990001',
      loginKind: 'instagram',
      pageId: null,
      pageName: null,
      appScopedUserId: 'e2e-member-app-scoped',
      accessToken: 'IGAA-e2e-member-token',
      userAccessToken: null,
      tokenIssuedAt: now,
      tokenExpiresAt: new Date(now.getTime() + 50 * DAY),
      dataAccessExpiresAt: null,
      profile: { username: 'sandbox_member', name: 'Sandbox Member', accountType: 'BUSINESS', profilePictureUrl: null, biography: null, website: null, followersCount: 42, followsCount: 1, mediaCount: 3 },
      scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
      status: 'active',
      isActive: true,
      lastError: null,
      connectedAt: now,
      lastSyncedAt: null,
      lastRefreshedAt: null,
      refreshLockedUntil: null,
    });
    await store.publications.create({
      uid: 'plugin::instagram-publisher.end-user',
      documentId: `e2e-member-post-${Date.now()}`,
      locale: null,
      connectionId: connection.id,
      status: 'published',
      kind: 'image',
      caption: 'Made with the app',
      contentHash: null,
      trigger: 'manual',
      scheduledAt: null,
      runAt: now,
      attempts: 1,
      state: {},
      mediaId: '90000001',
      permalink: 'https://www.instagram.com/p/e2e-member/',
      error: null,
      leaseOwner: null,
      leaseUntil: null,
      requestedBy: null,
      publishedAt: now,
      accountUsername: 'sandbox_member',
      dedupeKey: null,
      ownerUserId: String(user.id),
      input: { fileIds: ['1'] },
    });

    // (Earlier scenarios may have left app users' connections: the counts are read, not assumed.)
    const countsText = async () => {
      const [users, connections] = [await store.connections.countUserOwners(), await store.connections.count({ kind: 'users' })];
      return `On · ${users} user${users === 1 ? '' : 's'} · ${connections} connection${connections === 1 ? '' : 's'}`;
    };
    const expectedCounts = await countsText();

    // When the super admin opens the settings page
    await admin.goto(settingsUrl(stack.url));
    const section = admin.getByTestId('end-user-connections-section');
    const row = section.getByTestId('end-user-connection-row').filter({ hasText: '@sandbox_member' });
    await row.waitFor({ timeout: 20_000 });

    // Then the row names the owner, the account's health and the last post with its permalink
    const owner = await row.getByTestId('end-user-owner').innerText();
    assert(owner === 'e2e-member@example.test', `the row names the owner by email (got "${owner}")`);
    const health = await row.getByTestId('health-badge').innerText();
    assert(health.includes('Healthy'), `the account is healthy (got "${health}")`);
    const status = await row.getByTestId('publication-status').getAttribute('data-status');
    assert(status === 'published', `the last post is shown as published (got "${status}")`);
    const permalink = await row.getByTestId('permalink').getAttribute('href');
    assert(permalink === 'https://www.instagram.com/p/e2e-member/', `the last post links to Instagram (got "${permalink}")`);
    // And the configuration facts count the app users' connections
    const counts = await admin.getByTestId('end-user-counts').innerText();
    assert(counts.includes(expectedCounts), `the configuration counts the app users' connections: "${expectedCounts}" (got "${counts}")`);
    // And no token reaches the page
    assert(!(await admin.content()).includes('IGAA-e2e-member-token'), 'the token is not on the page');
    await shot(admin, '12a-settings-end-user-connections');

    // When support revokes it and confirms
    await row.getByTestId('end-user-revoke').click();
    const dialog = admin.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 10_000 });
    const question = await dialog.innerText();
    assert(question.includes('@sandbox_member') && question.includes('e2e-member@example.test'), `the dialog names the account and its owner (got "${question}")`);
    await shot(admin, '12b-settings-end-user-revoke');
    await admin.getByTestId('end-user-revoke-confirm').click();

    // Then the row goes, the connection and its token are gone, and the counts follow
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    await admin.getByText('@sandbox_member revoked.').waitFor({ timeout: 10_000 });
    assert((await store.connections.findById(connection.id)) === null, 'the connection is deleted with its token');
    const countsAfter = await countsText();
    await admin.getByTestId('end-user-counts').getByText(countsAfter).waitFor({ timeout: 10_000 });
    assert(countsAfter !== expectedCounts, 'the counts went down');
    // With nobody else connected, the section says so
    if ((await store.connections.count({ kind: 'users' })) === 0) {
      await section.getByText('No app user has connected an Instagram account yet.').waitFor({ timeout: 10_000 });
    }
    await shot(admin, '12c-settings-end-user-revoked');
  },
};
