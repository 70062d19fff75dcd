/**
 * Where Meta lives. Every base is configurable so the sandbox (tests/sandbox) can stand in for Meta;
 * nothing else in the plugin should spell out a Meta host or a Graph version.
 */
export interface GraphEndpoints {
  /** Full URL of the Instagram Login consent page. */
  instagramAuthorize: string;
  /** Base of the Instagram OAuth host: POST {base}/oauth/access_token. */
  instagramApi: string;
  /** Base of graph.instagram.com: unversioned {base}/access_token and {base}/refresh_access_token, versioned {base}/v{N}/... */
  instagramGraph: string;
  /** Base of the Facebook Login dialog: {base}/v{N}/dialog/oauth. */
  facebookDialog: string;
  /** Base of graph.facebook.com. */
  facebookGraph: string;
}

export const defaultEndpoints: GraphEndpoints = Object.freeze({
  instagramAuthorize: 'https://www.instagram.com/oauth/authorize',
  instagramApi: 'https://api.instagram.com',
  instagramGraph: 'https://graph.instagram.com',
  facebookDialog: 'https://www.facebook.com',
  facebookGraph: 'https://graph.facebook.com',
});

/**
 * The one place the default Graph version is set (config `graphApiVersion` overrides it). Versions
 * die about two years after release. v27.0 (2026-11-04) is the newest Meta serves; its changes
 * (legacy multi-ID, field-alias, method-override, JSONP and async-batch requests; post-edit AI
 * labels; Page insights) touch no endpoint the plugin calls, so the sandbox models it as it models
 * v24.0–v26.0. Moving it: see "Graph API version" in the README.
 */
export const DEFAULT_GRAPH_API_VERSION = 'v27.0';

export const GRAPH_API_VERSION_PATTERN = /^v\d+\.\d+$/;

/** Fills unset endpoints with Meta's and drops trailing slashes so paths can be appended blindly. */
export const resolveEndpoints = (overrides: Partial<GraphEndpoints> = {}): GraphEndpoints => {
  const merged = { ...defaultEndpoints, ...stripUndefined(overrides) };
  return {
    instagramAuthorize: trimSlash(merged.instagramAuthorize),
    instagramApi: trimSlash(merged.instagramApi),
    instagramGraph: trimSlash(merged.instagramGraph),
    facebookDialog: trimSlash(merged.facebookDialog),
    facebookGraph: trimSlash(merged.facebookGraph),
  };
};

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
