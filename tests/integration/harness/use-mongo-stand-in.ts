/**
 * Setup file of the `mongo-stand-in` project, run in each test file before its tests: the store's
 * MongoDB is the stand-in the project's global setup started, for this test file only (jest gives
 * every test file its own copy of process.env).
 */
const uri = process.env.INSTAGRAM_PUBLISHER_TEST_MONGO_STAND_IN_URI;
if (!uri) throw new Error('The MongoDB stand-in is not running: its global setup (mongo-stand-in-setup.ts) starts it.');
process.env.MONGODB_URI = uri;
process.env.INSTAGRAM_PUBLISHER_TEST_MONGO_STAND_IN = 'true';

export {};
