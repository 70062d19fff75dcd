import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert } from '../lib/expect';

/**
 * An account Instagram restricted: the card says what to do in words, and "Check again" brings it
 * back once Meta accepts the token. The configuration section says when the token refresh runs.
 */
export const connectionHealthScenario: Scenario = {
  name: 'a restricted account says what to do on its card, and "Check again" makes it healthy again',
  async run({ stack, admin, shot }) {
    // Given the connected @sandbox_brand, marked by the worker after Meta answered 190/459
    const store = (stack.strapi.plugin('instagram-publisher').service('store') as any).get();
    const igUserId = stack.sandbox.accounts.getInstagramAccount('sandbox_brand')!.userId;
    const connection = await store.connections.findByInstagramUserId(igUserId);
    assert(connection, 'the connect scenario left @sandbox_brand connected');
    await store.connections.update(connection.id, {
      status: 'action_required',
      lastError: 'Instagram has restricted or checkpointed this account. Open the Instagram app with this account, complete what it asks, then click "Check again".',
    });

    // When the admin opens the settings page
    await admin.goto(settingsUrl(stack.url));
    const card = admin.getByTestId('connection-card').filter({ hasText: '@sandbox_brand' });
    await card.waitFor({ timeout: 20_000 });

    // Then the card names the problem and the action in words, with a "Check again" button
    const badge = await card.getByTestId('health-badge').innerText();
    assert(badge.includes('Action in Instagram needed'), `the badge says an action in Instagram is needed (got "${badge}")`);
    const reason = await card.getByTestId('health-reason').innerText();
    assert(reason === 'Instagram has restricted or checkpointed this account.', `the card says what happened, once (got "${reason}")`);
    const action = await card.getByTestId('health-action').innerText();
    assert(/open the Instagram app with this account.*Check again/.test(action), `the card says what to do (got "${action}")`);
    const check = card.getByTestId('refresh');
    assert((await check.innerText()).includes('Check again'), 'the refresh button reads "Check again"');
    assert(await check.isEnabled(), '"Check again" can be clicked');
    await shot(admin, '04a-settings-action-required');

    // And the configuration section says when the token refresh runs next
    const schedule = await admin.getByTestId('refresh-schedule').innerText();
    assert(/0 3 \* \* \* · next run /.test(schedule), `the configuration shows the refresh rule and its next run (got "${schedule}")`);

    // When the owner has acted in the app and the admin clicks "Check again"
    await check.click();

    // Then Meta accepts the token and the card is healthy again
    await card.getByTestId('health-badge').getByText('Healthy').waitFor({ timeout: 20_000 });
    assert((await card.getByTestId('health-action').count()) === 0, 'no action is asked any more');
    const after = await store.connections.findById(connection.id);
    assert(after.status === 'active' && after.accessToken === connection.accessToken, 'the account is active again with the same token');
  },
};
