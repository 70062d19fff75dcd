import { randomBytes } from 'node:crypto';
import config from '../../../server/src/config';
import { pluginConfigSchema } from '../../../server/src/config/schema';
import { DEFAULT_GRAPH_API_VERSION } from '../../../server/src/instagram/endpoints';

const key = randomBytes(32).toString('base64');

describe('plugin config validation', () => {
  it('applies defaults to a minimal config', () => {
    const parsed = pluginConfigSchema.parse({ encryptionKey: key });
    expect(parsed.graphApiVersion).toBe(DEFAULT_GRAPH_API_VERSION);
    expect(parsed.limits).toEqual({ hashtags: 5, mentions: 20, captionCharacters: 2200 });
    expect(parsed.refresh).toEqual({ cron: '0 3 * * *', refreshWithinDays: 15, concurrency: 8, enabled: true });
    expect(parsed.mongoUri).toBeUndefined();
    expect(parsed.instagram).toEqual({});
  });

  it('accepts the rules Strapi\'s cron accepts, including seconds and nicknames', () => {
    for (const cron of ['0 3 * * *', '*/30 * * * *', '0 0 3 * * *', '@daily', '5/15 * * * *']) {
      expect(() => config.validator({ encryptionKey: key, refresh: { cron } })).not.toThrow();
    }
  });

  it('takes new caption limits for when Meta changes them again', () => {
    expect(pluginConfigSchema.parse({ encryptionKey: key, limits: { hashtags: 3 } }).limits).toEqual({ hashtags: 3, mentions: 20, captionCharacters: 2200 });
  });

  it('applies the rate-limit defaults and refuses thresholds in the wrong order, naming the field', () => {
    expect(pluginConfigSchema.parse({ encryptionKey: key }).rateLimits).toEqual({
      enabled: true,
      slowAbove: 75,
      pauseAbove: 95,
      maxSpacingMs: 2000,
      pauseWindowMs: 60_000,
      maxPauseMs: 900_000,
      maxWaitMs: 10_000,
    });
    expect(pluginConfigSchema.parse({ encryptionKey: key, rateLimits: { slowAbove: 60 } }).rateLimits.slowAbove).toBe(60);
    expect(() => config.validator({ encryptionKey: key, rateLimits: { slowAbove: 96 } })).toThrow(/rateLimits\.slowAbove.*lower than pauseAbove/);
    expect(() => config.validator({ encryptionKey: key, rateLimits: { pauseAbove: 120 } })).toThrow(/rateLimits\.pauseAbove/);
    expect(() => config.validator({ encryptionKey: key, rateLimits: { burst: 3 } })).toThrow(/burst/);
  });

  it('runs without app credentials (the plugin then reports itself not configured)', () => {
    expect(() => config.validator({ encryptionKey: key })).not.toThrow();
  });

  it.each([
    [{ encryptionKey: randomBytes(16).toString('base64') }, /encryptionKey: must be the base64 encoding of exactly 32 random bytes/],
    [{ encryptionKey: 'not base64 at all!' }, /encryptionKey: must be the base64/],
    [{}, /encryptionKey: is required/],
    [{ encryptionKeys: [key, 'short'] }, /encryptionKeys\.1: must be the base64/],
    [{ encryptionKey: key, graphApiVersion: '24' }, /graphApiVersion: must look like v\d+\.\d+/],
    [{ encryptionKey: key, mongoUri: 'postgres://x' }, /mongoUri: must start with mongodb/],
    [{ encryptionKey: key, instagram: { appId: '123' } }, /instagram: set both appId and appSecret/],
    [{ encryptionKey: key, endpoints: { instagramGraph: 'not a url' } }, /endpoints\.instagramGraph: must be an absolute http\(s\) URL/],
    [{ encryptionKey: key, publicUrl: 'ftp://example.com' }, /publicUrl/],
    [{ encryptionKey: key, refresh: { concurrency: 0 } }, /refresh\.concurrency/],
    [{ encryptionKey: key, refresh: { cron: 'every day at 3' } }, /refresh\.cron: "every day at 3" is not a cron rule Strapi can schedule \(.*exactly five, six, or seven/],
    [{ encryptionKey: key, refresh: { cron: '61 3 * * *' } }, /refresh\.cron: "61 3 \* \* \*" is not a cron rule Strapi can schedule \(.*minute/],
    [{ encryptionKey: key, refresh: { cron: '0 3 30 2 *' } }, /refresh\.cron: .*never runs/],
    [{ encryptionKey: key, limits: { hashtags: -1 } }, /limits\.hashtags: must be 0 or more/],
    [{ encryptionKey: key, limits: { captionCharacters: 2200.5 } }, /limits\.captionCharacters: must be a whole number/],
    [{ encryptionKey: key, limits: { hashtag: 5 } }, /limits: Unrecognized key/],
    // ownerUserId was accepted but read by nothing: it is refused now instead of silently ignored
    [{ encryptionKey: key, ownerUserId: '1' }, /Unrecognized key.*ownerUserId/],
    [{ encryptionKey: key, unknownOption: true }, /unknownOption|Unrecognized key/],
  ])('stops start-up on %j with a message naming the option', (input, message) => {
    expect(() => config.validator(input)).toThrow(message);
    expect(() => config.validator(input)).toThrow(/Invalid configuration for plugin "instagram-publisher"/);
  });

  it('never echoes a secret value in its error', () => {
    const secret = 'app-secret-value-123';
    let message = '';
    try {
      config.validator({ encryptionKey: 'short', instagram: { appId: 'x', appSecret: secret } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/encryptionKey/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('short');
  });
});
