/** The page each login sends the user to, to grant the plugin's scopes. */
import type { AppCredentials } from './transport';

export interface AuthorizeUrlParams {
  redirectUri: string;
  scopes: readonly string[];
  state: string;
}

/** Both logins take the same query: the app id, the exact redirect, a comma scope list and the state. */
export const consentUrl = (base: string, app: AppCredentials, { redirectUri, scopes, state }: AuthorizeUrlParams): string => {
  const url = new URL(base);
  url.searchParams.set('client_id', app.appId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scopes.join(','));
  url.searchParams.set('state', state);
  return url.toString();
};
