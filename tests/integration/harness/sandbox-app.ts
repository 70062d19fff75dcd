import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { createAdminSession } from './admin';
import { startTestApp, type StartOptions, type TestApp } from './strapi';

export interface SandboxedApp {
  app: TestApp;
  sandbox: Sandbox;
  admin: Awaited<ReturnType<typeof createAdminSession>>;
  stop(): Promise<void>;
}

/** The test app wired to a fresh in-process sandbox, with a logged-in super admin. */
export const startSandboxedApp = async (
  { sandbox: sandboxOptions = {}, app: appOptions = {} }: { sandbox?: SandboxOptions; app?: StartOptions } = {}
): Promise<SandboxedApp> => {
  const sandbox = await startSandbox(sandboxOptions);
  const app = await startTestApp({ ...appOptions, env: { INSTAGRAM_SANDBOX_URL: sandbox.url, ...appOptions.env } });
  const admin = await createAdminSession(app.strapi);
  return {
    app,
    sandbox,
    admin,
    async stop() {
      await app.stop();
      await sandbox.close();
    },
  };
};
