import { randomBytes } from 'node:crypto';
import config from '../../../server/src/config';
import { pluginConfigSchema } from '../../../server/src/config/schema';

const key = randomBytes(32).toString('base64');

describe('notifications config', () => {
  it('keeps e-mail notices off by default, and sendmail refused', () => {
    expect(pluginConfigSchema.parse({ encryptionKey: key }).notifications).toEqual({ email: { enabled: false, allowSendmail: false } });
  });

  it('takes a sender and addresses that replace the admins', () => {
    const parsed = pluginConfigSchema.parse({ encryptionKey: key, notifications: { email: { enabled: true, from: 'IG <noreply@example.com>', to: ['ops@example.com'] } } });
    expect(parsed.notifications.email).toEqual({ enabled: true, from: 'IG <noreply@example.com>', to: ['ops@example.com'], allowSendmail: false });
  });

  it.each([
    [{ email: { to: ['not an address'] } }, /notifications\.email\.to\.0: must be an e-mail address/],
    [{ email: { to: [] } }, /notifications\.email\.to: needs at least one address/],
    [{ email: { enabled: 'yes' } }, /notifications\.email\.enabled/],
    [{ email: { enabled: true, cc: ['x@example.com'] } }, /notifications\.email/],
    [{ slack: {} }, /notifications/],
  ])('refuses %j naming the option', (notifications, message) => {
    expect(() => config.validator({ encryptionKey: key, notifications })).toThrow(message);
  });
});
