/** Unit tests run in-process; integration tests boot the test app (tests/app) and talk HTTP. */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } } }],
};
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/tests/app/dist', '<rootDir>/tests/app/.strapi'],
};

module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      // No MongoDB server exists on every machine: that suite runs only against MONGODB_URI.
      testPathIgnorePatterns: process.env.MONGODB_URI ? [] : ['/tests/integration/store/mongo-store\\.test\\.ts$'],
      globalSetup: '<rootDir>/tests/integration/harness/global-setup.ts',
    },
  ],
};
