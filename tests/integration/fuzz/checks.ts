import { REPO_ROOT } from '../harness/paths';

export interface WireResponse {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Lines of a V8 stack trace, or internal paths, anywhere in a body. */
const STACK_PATTERNS: RegExp[] = [/\n\s+at\s+\S/, /\bat\s+[\w.$<>]+\s+\([^)]*:\d+:\d+\)/, /node:internal/, /\/node_modules\//, /\.(?:ts|js|mjs|cjs):\d+:\d+/];

/** A response the plugin refused: 4xx, or the OAuth callback sending the browser back with an error. */
export const isRefusal = (response: WireResponse) => {
  if (response.status >= 400 && response.status < 500) return true;
  const location = response.headers.location;
  return response.status >= 300 && response.status < 400 && typeof location === 'string' && /[?&]error=/.test(location);
};

/**
 * What must hold for any request whatever it carried: no 5xx, no stack trace or file path of
 * the server, and none of the secrets the test knows (tokens the sandbox issued, app secrets,
 * the encryption key) in the body or the headers. Returns the broken rules.
 */
export const checkResponse = (response: WireResponse, secrets: string[]): string[] => {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  const text = response.text ?? '';
  const headers = JSON.stringify(response.headers);
  for (const pattern of STACK_PATTERNS) if (pattern.test(text)) problems.push(`body matches ${pattern}`);
  if (text.includes(REPO_ROOT) || headers.includes(REPO_ROOT)) problems.push('a file path of the repository is shown');
  for (const secret of secrets) {
    if (text.includes(secret) || headers.includes(secret)) problems.push(`a secret is shown (${secret.slice(0, 4)}…)`);
  }
  return problems;
};
