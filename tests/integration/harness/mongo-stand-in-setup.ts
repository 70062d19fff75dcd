import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import globalSetup from './global-setup';
import { freePort } from './ports';

const STAND_IN = '@push.rocks/smartmongo 2.2.0 (in-memory, MongoDB wire protocol)';

/**
 * Global setup of the `mongo-stand-in` project (jest.config.js defines it only when MONGODB_URI
 * is unset): the integration setup, then the in-memory stand-in for MongoDB, whose address the
 * project's setup file hands to each test file. The output says plainly what ran against what.
 */
export default async function mongoStandInSetup() {
  await globalSetup();
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(__dirname, 'mongo-stand-in.mjs'), String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the MongoDB stand-in did not start within 20 s')), 20_000);
    child.once('exit', (code) => reject(new Error(`the MongoDB stand-in exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('ready ')) return;
      clearTimeout(timer);
      // The stand-in answers a driver's streaming heartbeat once and then breaks it off, which
      // makes the driver clear its pool mid-test; polled heartbeats are plain requests it serves.
      resolve(`${line.slice('ready '.length)}/?serverMonitoringMode=poll`);
    });
  });
  (globalThis as { __MONGO_STAND_IN__?: ChildProcess }).__MONGO_STAND_IN__ = child;
  process.env.INSTAGRAM_PUBLISHER_TEST_MONGO_STAND_IN_URI = uri;
  process.stdout.write(
    `\nMongoDB store, project "mongo-stand-in": runs against a STAND-IN, ${STAND_IN} at ${uri}, NOT a MongoDB server.\n` +
      '  It does not prove unique indexes under races, TTL deletion or atomic claims: set MONGODB_URI to run the whole suite, and those tests, against MongoDB.\n'
  );
}
