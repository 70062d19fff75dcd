import { createSeenChanges } from '../../../../server/src/services/webhooks/seen-changes';
import { checkSignature, sameSecret } from '../../../../server/src/services/webhooks/signature';
import { webhookSignature } from '../../../sandbox';

describe('seen changes', () => {
  it('takes a change once within the window, and again after it', () => {
    let now = 0;
    const seen = createSeenChanges({ ttlMs: 1000, maxEntries: 10, now: () => now });
    expect(seen.firstTime('a')).toBe(true);
    expect(seen.firstTime('a')).toBe(false);
    now = 999;
    expect(seen.firstTime('a')).toBe(false);
    now = 1001;
    expect(seen.firstTime('a')).toBe(true);
  });

  it('stays bounded, forgetting the oldest first', () => {
    const seen = createSeenChanges({ ttlMs: 60_000, maxEntries: 3, now: () => 0 });
    for (const key of ['a', 'b', 'c', 'd']) expect(seen.firstTime(key)).toBe(true);
    expect(seen.size).toBe(3);
    expect(seen.firstTime('d')).toBe(false);
    expect(seen.firstTime('a')).toBe(true);
  });
});

describe('webhook signature', () => {
  const body = Buffer.from('{"object":"instagram","entry":[]}');
  it('accepts either app secret and refuses anything else', () => {
    expect(checkSignature(webhookSignature(body, 'fb'), body, ['ig', 'fb'])).toBe('valid');
    expect(checkSignature(webhookSignature(body, 'other'), body, ['ig', 'fb'])).toBe('mismatch');
    expect(checkSignature(undefined, body, ['ig'])).toBe('missing');
    expect(checkSignature('sha1=abc', body, ['ig'])).toBe('malformed');
    expect(checkSignature(webhookSignature(Buffer.concat([body, Buffer.from(' ')]), 'ig'), body, ['ig'])).toBe('mismatch');
  });
  it('compares verify tokens of any length without throwing', () => {
    expect(sameSecret('a'.repeat(20), 'a'.repeat(20))).toBe(true);
    expect(sameSecret('short', 'a'.repeat(20))).toBe(false);
  });
});
