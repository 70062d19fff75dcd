import { settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert } from '../lib/expect';

/** Connect an account through the sandbox's authorize page and see its card. */
export const connectScenario: Scenario = {
  name: 'connects an Instagram account through the authorize page and shows its card',
  async run({ stack, admin, shot }) {
    // Given the settings page of a fresh install, in sandbox mode
    await admin.goto(settingsUrl(stack.url));
    await admin.getByTestId('sandbox-banner').waitFor();
    await admin.getByTestId('connections-section').getByText('No Instagram account is connected yet').waitFor();
    await shot(admin, '01-settings-empty');

    // When the admin clicks "Connect with Instagram" and approves on the authorize page
    await admin.getByTestId('connect-instagram').click();
    await admin.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
    await admin.getByTestId('approve').waitFor();
    await shot(admin, '02-sandbox-authorize');
    await admin.getByTestId('approve').click();

    // Then the browser is back on the settings page with a success message and the account's card
    await admin.waitForURL((url) => url.pathname.endsWith('/settings/instagram-publisher'), { timeout: 30_000 });
    await admin.getByText('Instagram account connected.').waitFor({ timeout: 20_000 });
    const card = admin.getByTestId('connection-card').filter({ hasText: '@sandbox_brand' });
    await card.waitFor({ timeout: 20_000 });
    const followers = (await card.getByTestId('followers').innerText()).replace(/\s+/g, ' ');
    const expiry = await card.getByTestId('token-expiry').innerText();
    assert(/\d/.test(followers) && /follower/i.test(followers), `the card shows the followers count (got "${followers}")`);
    assert(/expires .*\(in \d+ days?\)/.test(expiry), `the card shows the token expiry with days left (got "${expiry}")`);
    assert((await card.getByTestId('health-badge').innerText()).includes('Healthy'), 'the new connection is healthy');
    assert(!new URL(admin.url()).search.includes('connected='), 'the ?connected= parameter is removed from the address bar');
    // The profile picture loads through the admin's Content Security Policy (the sandbox draws initials on it)
    const avatar = card.getByRole('img', { name: '@sandbox_brand' });
    await avatar.waitFor({ timeout: 10_000 });
    const picture = await avatar.evaluate((image: HTMLImageElement) => ({ src: image.currentSrc, width: image.naturalWidth }));
    assert(picture.src.startsWith(`${stack.sandbox.url}/cdn/avatars/`) && picture.width > 0, `the card shows the account's profile picture (got ${JSON.stringify(picture)})`);
    await shot(admin, '03-settings-connected');
  },
};
