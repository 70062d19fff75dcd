import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert } from '../lib/expect';

/** Cancel on the sandbox's authorize page and read a "cancelled" message, not an error page. */
export const cancelScenario: Scenario = {
  name: 'cancelling on the authorize page shows a readable "cancelled" message',
  async run({ stack, admin, shot }) {
    // Given the settings page
    await admin.goto(settingsUrl(stack.url));
    await admin.getByTestId('connect-instagram').waitFor();
    const cardsBefore = await admin.getByTestId('connection-card').count();

    // When the admin starts connecting, then cancels on the authorize page
    await admin.getByTestId('connect-instagram').click();
    await admin.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
    await admin.getByTestId('cancel').click();

    // Then the settings page says the connection was cancelled, and nothing was added
    await admin.waitForURL((url) => url.pathname.endsWith('/settings/instagram-publisher'), { timeout: 30_000 });
    await admin.getByText('Connection cancelled').waitFor({ timeout: 20_000 });
    await shot(admin, '04-settings-cancelled');
    await admin.getByTestId('connections-section').waitFor();
    assert((await admin.getByTestId('connection-card').count()) === cardsBefore, 'no connection is added by a cancelled flow');
  },
};
