/** Unit tests run in-process; integration tests boot the test app (tests/app) and talk HTTP. */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } } }],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/\\.tmp/', '<rootDir>/tests/app/dist', '<rootDir>/tests/app/.strapi'],
};
const integration = {
  ...common,
  globalSetup: '<rootDir>/tests/integration/harness/global-setup.ts',
};

// With MONGODB_URI (a real MongoDB server) the whole integration suite runs with mongoUri, plus
// what only a real server proves. Without it, the MongoDB store runs against an in-memory
// stand-in in its own project, labelled as such, and the real-server tests say they were skipped.
const realMongo = Boolean(process.env.MONGODB_URI);
const MONGO_STORE_CONTRACT = '/tests/integration/store/mongo-store\\.test\\.ts$';
const MONGO_SERVER_ONLY = '/tests/integration/store/mongo-server\\.test\\.ts$';
/** What the stand-in honestly supports: the store contract, and the store's part in publishing and connecting. */
const STAND_IN_FILES = [
  'store/mongo-store',
  'publishing/triggers',
  'publishing/crash-safety',
  'connections/oauth-flows',
  'connections/meta-callbacks',
  'publishing/settings',
  'end-users/connect',
  'end-users/user-deletion',
  'end-users/admin-view',
  'end-users/publish',
  'end-users/post-isolation',
  'webhooks/webhooks',
  'insights/sync',
  'insights/account-insights',
].map((file) => `<rootDir>/tests/integration/${file}.test.ts`);

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...integration,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      testPathIgnorePatterns: realMongo ? [] : [MONGO_STORE_CONTRACT, MONGO_SERVER_ONLY],
    },
    ...(realMongo
      ? []
      : [
          {
            ...integration,
            displayName: 'mongo-stand-in',
            testMatch: STAND_IN_FILES,
            globalSetup: '<rootDir>/tests/integration/harness/mongo-stand-in-setup.ts',
            globalTeardown: '<rootDir>/tests/integration/harness/mongo-stand-in-teardown.ts',
            setupFiles: ['<rootDir>/tests/integration/harness/use-mongo-stand-in.ts'],
          },
        ]),
  ],
};
