import { adminApi, createEditorWithoutManage, EDITOR, login } from '../lib/admin-api';
import { loginThroughUi, newContext, settingsUrl } from '../lib/browser';
import type { Scenario } from '../lib/context';
import { assert, assertEqual } from '../lib/expect';

/** An editor without connections.manage sees the accounts but no way to connect, and the server agrees. */
export const editorScenario: Scenario = {
  name: 'an editor without connections.manage sees no Connect button and gets 403 from the server',
  async run({ stack, browser, shot }) {
    // Given an editor role with connections.read and publications.* but not connections.manage
    await createEditorWithoutManage(stack.strapi);
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await loginThroughUi(page, stack.url, EDITOR);

      // When the editor opens the plugin's settings page
      await page.goto(settingsUrl(stack.url));
      const section = page.getByTestId('connections-section');
      await section.waitFor({ timeout: 30_000 });
      await section.getByTestId('connection-card').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
      await shot(page, '09-editor-settings');

      // Then there is no Connect, Reconnect, Refresh or Disconnect button, and no mapping editor
      for (const testId of ['connect-instagram', 'connect-facebook', 'reconnect', 'refresh', 'disconnect']) {
        assertEqual(await page.getByTestId(testId).count(), 0, `buttons "${testId}" shown to the editor`);
      }
      assertEqual(await page.getByTestId('mappings-section').count(), 0, 'mapping sections shown to the editor');

      // And calling the route anyway is refused by the server
      const token = await login(stack.url, EDITOR);
      const start = await adminApi(stack.url, token).post('/instagram-publisher/oauth/start', { flow: 'instagram' });
      assertEqual(start.status, 403, 'POST /instagram-publisher/oauth/start as the editor');
      const list = await adminApi(stack.url, token).get('/instagram-publisher/connections');
      assertEqual(list.status, 200, 'GET /instagram-publisher/connections as the editor (connections.read)');
      assert(Array.isArray(list.body?.data), 'the editor reads the connections list');
    } finally {
      await context.close();
    }
  },
};
