import type { Core } from '@strapi/strapi';
import type { ConnectionNeedsReconnectEvent, PublicationFailedEvent } from '../contracts/events';
import { getPluginConfig } from '../config/resolve';
import { EVENTS } from '../events/names';
import { ACTIONS, actionUid } from '../permissions';
import { getService } from '../utils/get-service';
import { createKeyedLock } from '../utils/keyed-lock';
import { createLogger } from '../utils/logger';

const DAY = 86_400_000;
/** Settings keys recording what was mailed (in the plugin's store, so every instance sees them). */
const SENT_KEY_PREFIX = 'email-notice:';

interface EmailMessage {
  subject: string;
  text: string;
}

/**
 * E-mail notices to the admins who manage connections (RBAC `connections.manage`, or the
 * configured `to`): an admin-side account that needs reconnecting (at most once a day per
 * connection) and an admin-side post that failed (once per publication). End users' accounts and
 * posts are theirs: they get the events (ownerUserId, ownerKind), not the admins' mailbox.
 * Sent through Strapi's email plugin, off unless `notifications.email.enabled`.
 */
export const createEmailNoticesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const logger = createLogger(strapi);
  const oncePerKey = createKeyedLock();
  const settings = () => getPluginConfig(strapi).notifications.email;
  const store = () => getService(strapi, 'store').get();

  const emailPlugin = () => {
    try {
      return strapi.plugin('email') ?? null;
    } catch {
      return null;
    }
  };

  /** Enabled, the email plugin is there, and its provider is a real one (sendmail only when allowed). */
  const canSend = () => {
    const config = settings();
    if (!config.enabled || !emailPlugin()) return false;
    const provider = String(strapi.config.get('plugin::email.provider') ?? 'sendmail').toLowerCase();
    return provider !== 'sendmail' || config.allowSendmail;
  };

  /** Active admins whose role holds `connections.manage` (super admins' role holds every action). */
  const adminsManagingConnections = async (): Promise<string[]> => {
    const permissions = (await strapi.db
      .query('admin::permission')
      .findMany({ where: { action: actionUid(ACTIONS.connectionsManage) }, populate: ['role'] })) as Array<{ role?: { id: number } | null }>;
    const roleIds = [...new Set(permissions.map((permission) => permission.role?.id).filter((id): id is number => typeof id === 'number'))];
    if (!roleIds.length) return [];
    const users = (await strapi.db
      .query('admin::user')
      .findMany({ where: { isActive: true, blocked: false, roles: { id: { $in: roleIds } } }, select: ['email'] })) as Array<{ email?: string | null }>;
    return [...new Set(users.map((user) => user.email).filter((email): email is string => Boolean(email)))];
  };

  const recipients = async () => settings().to ?? adminsManagingConnections();

  /**
   * Mails `message` unless `key` was mailed within `windowMs` (forever when null). The key is
   * written before sending: a mail server that fails is not retried into a flood.
   */
  const sendOnce = (key: string, windowMs: number | null, message: EmailMessage) =>
    oncePerKey(key, async () => {
      const storeKey = `${SENT_KEY_PREFIX}${key}`;
      const sent = await store().settings.get<{ sentAt: string }>(storeKey);
      const sentAt = sent ? Date.parse(sent.sentAt) : NaN;
      if (Number.isFinite(sentAt) && (windowMs === null || Date.now() - sentAt < windowMs)) return 0;
      const to = await recipients();
      if (!to.length) {
        logger.warn(`no admin holds "${ACTIONS.connectionsManage}": e-mail notice "${message.subject}" not sent`);
        return 0;
      }
      await store().settings.set(storeKey, { sentAt: new Date().toISOString() });
      const from = settings().from;
      const email = emailPlugin()!.service('email') as { send(options: Record<string, unknown>): Promise<unknown> };
      let delivered = 0;
      // One mail per admin, so no admin sees the others' addresses.
      for (const address of to) {
        try {
          await email.send({ to: address, ...(from ? { from } : {}), subject: message.subject, text: message.text });
          delivered += 1;
        } catch (error) {
          logger.warn(`e-mail notice "${message.subject}" could not be sent to one admin`, error);
        }
      }
      return delivered;
    });

  const settingsLink = () => getService(strapi, 'urls').adminSettingsUrl();

  return {
    canSend,
    recipients,

    /** An admin-side account needs reconnecting (or acting in the Instagram app): once a day per connection. */
    async connectionNeedsReconnect({ connection }: ConnectionNeedsReconnectEvent): Promise<number> {
      if (connection.ownerKind !== 'admin' || !canSend()) return 0;
      const who = connection.username ? `@${connection.username}` : `connection ${connection.id}`;
      const what = connection.health === 'action_required' ? 'needs attention in the Instagram app' : 'needs to be connected again';
      return sendOnce(`connection:${connection.id}`, DAY, {
        subject: `Instagram account ${who} ${what}`,
        text: [
          `The Instagram account ${who} ${what}. Until then nothing is posted to it.`,
          connection.healthReason ? `\nReason: ${connection.healthReason}` : '',
          `\nOpen ${settingsLink()} to fix it.`,
        ].join(''),
      });
    },

    /** An admin-side post failed: once per publication. */
    async publicationFailed({ publication, error }: PublicationFailedEvent): Promise<number> {
      if (publication.ownerUserId || !canSend()) return 0;
      return sendOnce(`publication:${publication.id}`, null, {
        subject: `An Instagram post failed (${publication.uid} ${publication.documentId}${publication.locale ? `, ${publication.locale}` : ''})`,
        text: `The post of ${publication.uid} "${publication.documentId}"${publication.locale ? ` (${publication.locale})` : ''} failed.\n\nReason: ${error.message}\n\nSee the publications page of the Instagram Publisher plugin to retry it.`,
      });
    },

    /** Listens to the plugin's own events; the work runs beside the event hub, never holding it. */
    subscribe() {
      const run = (work: () => Promise<unknown>) => {
        void work().catch((error) => logger.warn('an e-mail notice could not be sent', error));
      };
      strapi.eventHub.on(EVENTS.connectionNeedsReconnect, async (payload: ConnectionNeedsReconnectEvent) => run(() => this.connectionNeedsReconnect(payload)));
      strapi.eventHub.on(EVENTS.publicationFailed, async (payload: PublicationFailedEvent) => run(() => this.publicationFailed(payload)));
    },
  };
};

export type EmailNoticesService = ReturnType<typeof createEmailNoticesService>;
