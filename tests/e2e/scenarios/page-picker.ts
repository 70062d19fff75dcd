import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

/** Facebook Login granting several Pages: the admin picks which Instagram accounts to connect. */
export const pagePickerScenario: Scenario = {
  name: 'Facebook Login with several Pages opens the Page picker and connects the chosen accounts',
  async run({ stack, admin, shot }) {
    // Given the settings page
    await admin.goto(settingsUrl(stack.url));
    await admin.getByTestId('connect-facebook').waitFor();

    // When the admin connects with Facebook and approves every Page
    await admin.getByTestId('connect-facebook').click();
    await admin.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
    await admin.getByTestId('approve').click();

    // Then a picker lists the Pages that have an Instagram account
    await admin.waitForURL((url) => url.pathname.endsWith('/settings/instagram-publisher'), { timeout: 30_000 });
    const picker = admin.getByTestId('page-picker');
    await picker.getByText('@sandbox_cafe').waitFor({ timeout: 20_000 });
    assert(await picker.getByText('@sandbox_bakery').isVisible(), 'the picker lists @sandbox_bakery');
    assert(await picker.getByText('@sandbox_studio').isVisible(), 'the picker lists @sandbox_studio');
    assertEqual(await picker.getByText('Sandbox Notes').count(), 0, 'Pages without an Instagram account listed');
    await shot(admin, '10-facebook-page-picker');

    // When the admin unticks one Page and confirms
    // Sandbox Studio (@sandbox_studio) is Page 1010000000000002 in the sandbox fixtures.
    await picker.getByTestId('pick-1010000000000002').click();
    await admin.getByTestId('pick-confirm').click();

    // Then two accounts are connected and shown as cards
    await admin.getByText('2 Instagram accounts connected.').waitFor({ timeout: 20_000 });
    await admin.getByTestId('connection-card').filter({ hasText: '@sandbox_cafe' }).waitFor({ timeout: 20_000 });
    await admin.getByTestId('connection-card').filter({ hasText: '@sandbox_bakery' }).waitFor();
    assertEqual(await admin.getByTestId('connection-card').filter({ hasText: '@sandbox_studio' }).count(), 0, 'cards for the unticked Page');
    await shot(admin, '11-settings-facebook-connected');
  },
};
