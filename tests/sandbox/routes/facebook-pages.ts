import type { SandboxCore } from '../context';
import { err } from '../errors';
import { fieldsOf } from '../graph/fields';
import { PAGE } from '../graph/nodes';
import type { RouteModule } from '../graph/router';
import { ok } from '../http/answer';
import type { TokenRecord } from '../state';
import type { SandboxPage } from '../types';

const PAGE_DEFAULTS = ['name', 'id'];
const LOCATION = { city: 'Sandbox City', country: 'Sandboxia' };

/** Facebook Pages: GET /{page-id} (and /me with a Page token). */
export const facebookPageRoutes: RouteModule = (r) => {
  r.node(PAGE, {
    GET: ({ ctx, core, token, node: page }) => {
      const visible = core.state.tokens.pagesOf(token).some((p) => p.id === page.id);
      if (visible) return ok(pageNode(core, ctx.params, page, token));
      // Location pages are public: anyone may read their name and id.
      if (page.isLocation) return ok(fieldsOf({ id: page.id, name: page.name, location: LOCATION }, ctx.params, PAGE_DEFAULTS, 'Page'));
      throw err.unsupported('get', page.id);
    },
  });
};

/** A Page as its admin sees it: with the Page token, and the linked Instagram account when instagram_basic was granted. */
export function pageNode(core: SandboxCore, params: Record<string, string>, page: SandboxPage, token: TokenRecord): Record<string, unknown> {
  const tokens = core.state.tokens;
  const node: Record<string, unknown> = {
    id: page.id,
    name: page.name,
    category: page.category,
    tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
    // Without instagram_basic the linked account is simply not visible, as at Meta.
    instagram_business_account: page.igUserId && tokens.scopesOf(token).includes('instagram_basic') ? { id: page.igUserId } : undefined,
    access_token: token.kind === 'facebook-page' ? token.token : token.kind.startsWith('facebook-user') ? tokens.pageToken(token, page).token : undefined,
    location: page.isLocation ? LOCATION : undefined,
  };
  return fieldsOf(node, params, PAGE_DEFAULTS, 'Page');
}
