/**
 * Turning Meta's webhooks on for one connected account (instagram-api.md §4). The app's dashboard
 * chooses the fields; each account must also subscribe the app, or Meta sends nothing for it:
 * - Instagram Login: `POST graph.instagram.com/{ig-user-id}/subscribed_apps?subscribed_fields=comments,mentions`
 *   with the account's token (needs instagram_business_manage_comments for these fields);
 * - Facebook Login: `POST graph.facebook.com/{page-id}/subscribed_apps` with the Page token, which
 *   enables the Page's subscriptions (Meta asks for any Page field; needs pages_manage_metadata). The
 *   Instagram fields themselves come from the dashboard.
 * Never retried by the transport (a write), and harmless to repeat: Meta answers success again.
 */
import { encodeId, type Account, type AccountCalls } from './account-calls';
import { successResponseSchema } from './schemas';

/** The Instagram fields the plugin handles (services/webhooks). */
export const WEBHOOK_FIELDS = ['comments', 'mentions'] as const;

/** Meta asks a Page to subscribe to one of its own fields to switch its Instagram webhooks on. */
export const PAGE_SUBSCRIPTION_FIELD = 'feed';

export const createWebhookSubscriptions = ({ calls: { write } }: { calls: AccountCalls }) => ({
  /**
   * Subscribes the app to the account's webhooks: on its Instagram account (Instagram Login) or its
   * Page (Facebook Login, `pageId` required). Resolves to Meta's `success`.
   */
  async subscribeToWebhooks(account: Account & { pageId?: string | null }): Promise<boolean> {
    if (account.host === 'instagram') {
      const path = `/${encodeId(account.igUserId)}/subscribed_apps`;
      const query = { subscribed_fields: WEBHOOK_FIELDS.join(',') };
      const answer = await write(account, { operation: 'subscribeToWebhooks', path, query, needs: 'comment', schema: successResponseSchema });
      return answer.success;
    }
    if (!account.pageId) throw new Error('A Facebook Login account needs its Page id to subscribe to webhooks');
    const path = `/${encodeId(account.pageId)}/subscribed_apps`;
    const query = { subscribed_fields: PAGE_SUBSCRIPTION_FIELD };
    const answer = await write(account, { operation: 'subscribeToWebhooks', path, query, schema: successResponseSchema });
    return answer.success;
  },
});
