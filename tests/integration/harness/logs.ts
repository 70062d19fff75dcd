/** Every log line the booted apps of this test file wrote (see tests/app/config/logger.ts). */
export const capturedLogs = (): string[] => ((globalThis as any).__INSTAGRAM_PUBLISHER_TEST_LOGS__ ??= []);
