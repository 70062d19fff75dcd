/**
 * One Strapi instance of a bench cluster, in a process of its own (Strapi keeps process-wide
 * state, and a real deployment runs one instance per process anyway). Started by instance.ts with
 * `node --require tsx/cjs` so its pid is the instance itself: kill -9 and /proc/<pid>/status then
 * reach Strapi, not a launcher.
 *
 * Environment: the app's (database, PORT, PUBLIC_URL, INSTAGRAM_SANDBOX_URL) and PLUGIN_CONFIG, a
 * JSON object merged key by key into the plugin config before bootstrap (worker, refresh, insights).
 * IPC: sends {ready: true} once listening; answers {id, command, args} with {id, result} or {id, error}.
 */
import { mergePluginConfig } from '../../integration/harness/plugin-config';
import { startTestApp } from '../../integration/harness/strapi';
import { createInstanceCommands, type InstanceCommandName } from './instance-commands';

interface Request {
  id: number;
  command: InstanceCommandName;
  args: unknown;
}

const main = async () => {
  const app = await startTestApp({
    listen: true,
    configure: (strapi) => mergePluginConfig(strapi, JSON.parse(process.env.PLUGIN_CONFIG ?? '{}')),
  });
  const commands = createInstanceCommands(app.strapi);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app
      .stop({ keepDatabase: true })
      .catch(() => undefined)
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  // The bench is gone (it crashed or was interrupted): an orphaned instance would hold its port and database.
  process.on('disconnect', stop);
  process.on('message', (message: Request) => {
    const command = commands[message.command] as (args: unknown) => Promise<unknown>;
    Promise.resolve()
      .then(() => command(message.args))
      .then(
        (result) => process.send?.({ id: message.id, result }),
        (error) => process.send?.({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  process.send?.({ ready: true });
};

main().catch((error) => {
  process.stderr.write(`cluster instance failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
