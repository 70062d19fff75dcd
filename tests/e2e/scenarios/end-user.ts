import type { Page } from 'playwright-core';
import { makeJpeg } from '../../sandbox/fixtures';
import { newContext } from '../lib/browser';
import type { E2EContext, Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

/** sandbox_creator's Instagram user id in the sandbox fixtures. */
const CREATOR_IG_ID = '17841400000000002';

const exampleAppUrl = (stack: E2EContext['stack']) => `${stack.url}/example-app/`;

/** A visitor's own browser (no admin session), on the example app's page. */
const openExampleApp = async ({ browser, stack }: E2EContext) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(exampleAppUrl(stack));
  await page.getByRole('heading', { name: 'Sign up or log in' }).waitFor({ timeout: 20_000 });
  return page;
};

/** Signs up through the page's form, as a new user of the app would. */
const signUp = async (page: Page, username: string) => {
  const form = page.locator('#sign-up-form');
  await form.getByLabel('Username').fill(username);
  await form.getByLabel('Email').fill(`${username}@example.test`);
  await form.getByLabel('Password').fill('Example-user-1');
  await form.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor({ timeout: 20_000 });
};

/** Back from the consent page on the example app, with the parameters gone from the address bar. */
const waitForReturn = async (page: Page, stack: E2EContext['stack']) => {
  await page.waitForURL((url) => url.href.startsWith(exampleAppUrl(stack)), { timeout: 30_000 });
  await page.waitForURL((url) => !url.search, { timeout: 20_000 });
};

/** The full path of the reference page: sign up, connect, see the account, publish, disconnect. */
export const endUserScenario: Scenario = {
  name: 'an app user signs up on the example app, connects Instagram, publishes a picture and disconnects',
  async run(context) {
    const { stack, shot } = context;
    const page = await openExampleApp(context);
    try {
      // Given a visitor who signs up on the example app
      await signUp(page, `mia${Date.now().toString(36)}`);
      await page.getByText('No Instagram account connected yet').waitFor({ timeout: 20_000 });
      await shot(page, 'end-user-01-signed-up');

      // When they click "Instagram Login" and cancel on the consent page
      await page.getByRole('button', { name: 'Instagram Login' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
      await page.getByTestId('cancel').click();

      // Then they are back on the page, which shows the plugin's message
      await waitForReturn(page, stack);
      await page.getByRole('alert').filter({ hasText: 'Instagram Login was cancelled: no account was connected.' }).waitFor({ timeout: 20_000 });

      // When they try again and approve as @sandbox_creator
      await page.getByRole('button', { name: 'Instagram Login' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
      await page.getByTestId('approve-sandbox_creator').click();

      // Then they are back on the page, which completes the connection and shows the account card
      await waitForReturn(page, stack);
      await page.getByText('Connected @sandbox_creator.').waitFor({ timeout: 20_000 });
      const card = page.locator('#accounts li.card').filter({ hasText: '@sandbox_creator' });
      await card.waitFor({ timeout: 20_000 });
      const counts = await card.locator('.counts').innerText();
      assertEqual(counts, '1,520 followers · 801 following · 240 posts', 'the card shows the account counts');
      assert(await card.getByText('Sandy Creator').isVisible(), 'the card shows the account name');
      const expiry = await card.locator('.expiry').innerText();
      assert(/expires .*\(in \d+ days/.test(expiry), `the card shows the token expiry (got "${expiry}")`);
      assertEqual(await card.locator('.health').innerText(), 'Healthy', 'the health line');
      const avatar = card.getByRole('img', { name: '@sandbox_creator' });
      const picture = await avatar.evaluate((image: HTMLImageElement) => ({ src: image.currentSrc, width: image.naturalWidth }));
      assert(picture.src.startsWith(`${stack.sandbox.url}/cdn/avatars/`), `the card shows the profile picture (got ${JSON.stringify(picture)})`);
      await shot(page, 'end-user-02-connected');

      // When they choose a JPEG, write a caption and click Publish
      const caption = `Sunset from the roof #example ${Date.now().toString(36)}`;
      const jpeg = await makeJpeg({ width: 1080, height: 1080, background: { r: 240, g: 120, b: 60 } });
      const publish = page.locator('#publish-form');
      await publish.getByLabel('Account').selectOption({ label: '@sandbox_creator' });
      await publish.getByLabel('Picture or video').setInputFiles({ name: 'sunset.jpg', mimeType: 'image/jpeg', buffer: jpeg });
      await publish.getByLabel('Caption').fill(caption);
      await publish.getByRole('button', { name: 'Publish' }).click();

      // Then the post is listed, and the page follows it until it is published with its permalink
      await page.getByText('Your post is queued').waitFor({ timeout: 30_000 });
      const post = page.locator('#posts li.post').filter({ hasText: caption });
      await post.waitFor({ timeout: 20_000 });
      await post.and(page.locator('[data-status="published"]')).waitFor({ timeout: 90_000 });
      const permalink = await post.getByRole('link', { name: 'See it on Instagram' }).getAttribute('href');
      assert(permalink && permalink.startsWith(`${stack.sandbox.url}/p/`), `the post links its permalink (got ${permalink})`);
      assert(await post.getByText('to @sandbox_creator').isVisible(), 'the post names the account');
      await shot(page, 'end-user-03-published');

      // And the sandbox has the post on @sandbox_creator, with the caption and a 1080×1080 image
      const media = stack.sandbox.listMedia(CREATOR_IG_ID).filter((item) => item.caption === caption);
      assertEqual(media.length, 1, 'posts with that caption on @sandbox_creator');
      assertEqual(media[0].permalink, permalink, "the sandbox post's permalink");

      // When they click Disconnect and confirm
      page.once('dialog', (dialog) => void dialog.accept());
      await card.getByRole('button', { name: 'Disconnect @sandbox_creator' }).click();

      // Then the card is gone and the page says no account is connected; the post stays listed
      await page.getByText('@sandbox_creator is disconnected.').waitFor({ timeout: 20_000 });
      await page.getByText('No Instagram account connected yet').waitFor({ timeout: 20_000 });
      assertEqual(await page.locator('#accounts li.card').count(), 0, 'account cards after disconnecting');
      assert(await post.isVisible(), 'the published post is still listed');
      await shot(page, 'end-user-04-disconnected');
    } catch (error) {
      await shot(page, 'end-user-failed').catch(() => undefined);
      throw error;
    } finally {
      await page.context().close();
    }
  },
};

/** Facebook Login with several Pages: the page lists them, and only the ticked ones are connected. */
export const endUserFacebookScenario: Scenario = {
  name: 'an app user connects with Facebook Login and picks two of their Pages on the example app',
  async run(context) {
    const { stack, shot } = context;
    const page = await openExampleApp(context);
    try {
      // Given a signed-up user who clicks "Facebook Login" and approves every Page
      await signUp(page, `leo${Date.now().toString(36)}`);
      await page.getByRole('button', { name: 'Facebook Login' }).click();
      await page.waitForURL((url) => url.href.startsWith(stack.sandbox.url), { timeout: 20_000 });
      await page.getByTestId('approve').click();

      // Then the page lists the Pages that have an Instagram account, all ticked
      await waitForReturn(page, stack);
      const picker = page.locator('#pages-form');
      await picker.getByRole('heading', { name: 'Choose the accounts to connect' }).waitFor({ timeout: 20_000 });
      for (const account of ['@sandbox_bakery', '@sandbox_studio', '@sandbox_cafe']) {
        assert(await picker.getByLabel(new RegExp(account)).isChecked(), `${account} is listed and ticked`);
      }
      assertEqual(await picker.getByText('Sandbox Notes').count(), 0, 'Pages without an Instagram account listed');
      await shot(page, 'end-user-05-facebook-pages');

      // When they untick Sandbox Studio and connect the others
      await picker.getByLabel(/@sandbox_studio/).uncheck();
      await picker.getByRole('button', { name: 'Connect the chosen accounts' }).click();

      // Then two cards show, each naming its Page, and the picker is gone
      await page.getByText('Connected @sandbox_bakery, @sandbox_cafe.').waitFor({ timeout: 20_000 });
      const cards = page.locator('#accounts li.card');
      await cards.filter({ hasText: '@sandbox_bakery' }).getByText('Facebook Login, Page Sandbox Bakery').waitFor({ timeout: 20_000 });
      await cards.filter({ hasText: '@sandbox_cafe' }).getByText('Facebook Login, Page Sandbox Cafe').waitFor();
      assertEqual(await cards.count(), 2, 'account cards');
      assert(await picker.isHidden(), 'the Page picker is closed');
      // (Facebook Page tokens do not expire)
      assertEqual(await cards.first().locator('.expiry').innerText(), 'Access does not expire.', 'the expiry line of a Page token');
      await shot(page, 'end-user-06-facebook-connected');
    } catch (error) {
      await shot(page, 'end-user-facebook-failed').catch(() => undefined);
      throw error;
    } finally {
      await page.context().close();
    }
  },
};
