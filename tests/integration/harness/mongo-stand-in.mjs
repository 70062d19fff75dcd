/**
 * The MongoDB stand-in of the `mongo-stand-in` test project: the in-memory MongoDB-wire server of
 * @push.rocks/smartmongo (a devDependency; no MongoDB binary, nothing downloaded), in its own
 * process as a real server would be, so the tests reach it over the wire through mongoose.
 * It is NOT MongoDB: it does not enforce unique indexes on writes, delete TTL-expired
 * documents or promise atomic claims under concurrency. Only MONGODB_URI runs prove those.
 *
 *   node mongo-stand-in.mjs <port>     prints "ready <uri>", stops when its stdin closes
 */
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number(process.argv[2]);
const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();
process.stdout.write(`ready ${server.getConnectionUri()}\n`);
// The test run holds the other end of stdin: when it goes away, however it ends, so does the stand-in.
process.stdin.resume();
process.stdin.on('close', () => {
  server.stop().finally(() => process.exit(0));
});
