/**
 * The plugin's one Graph API client, for both login products: a transport (HTTP, retries, errors)
 * and one factory per area of the API, each stating only its endpoints. An area is added by
 * writing its factory beside these and spreading it in below.
 */
import { createAccountCalls } from './account-calls';
import { createComments } from './comments';
import { createFacebookLogin } from './facebook-login';
import { createInsights } from './insights';
import { createInstagramLogin } from './instagram-login';
import { createPublishing } from './publishing';
import { createTransport, type GraphClientOptions } from './transport';
import { createWebhookSubscriptions } from './webhook-subscriptions';

export type { GraphClientOptions };

/** Creates the Graph client; it holds no state beyond its options and its HTTP agents. */
export function createGraphClient(options: GraphClientOptions) {
  const transport = createTransport(options);
  const parts = { transport, calls: createAccountCalls(transport) };
  return {
    graphApiVersion: transport.version,
    endpoints: transport.endpoints,
    ...createInstagramLogin(parts),
    ...createFacebookLogin(parts),
    ...createPublishing(parts),
    ...createInsights(parts),
    ...createComments(parts),
    /** Latest usage Meta reported per app and account, and running pauses (see rate-governor.ts). */
    rateLimitUsage: transport.usage,
    ...createWebhookSubscriptions(parts),
    /** Closes the keep-alive sockets of the agents this client created (not of agents passed in). */
    destroy: transport.destroy,
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
