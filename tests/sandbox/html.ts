import type { SandboxFacebookUser, SandboxInstagramAccount, SandboxMedia, SandboxPage } from './types';

/** Escape text for HTML content and attribute values. */
function h(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1c1e21; }
  main { max-width: 560px; margin: 40px auto; background: #fff; border-radius: 12px; padding: 28px 32px; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p.sub { margin: 0 0 20px; color: #65676b; font-size: 14px; }
  .badge { display: inline-block; font-size: 11px; font-weight: 600; letter-spacing: .04em; padding: 2px 8px; border-radius: 99px; background: #fde68a; color: #78350f; margin-bottom: 12px; }
  fieldset { border: 1px solid #e4e6eb; border-radius: 8px; margin: 0 0 16px; padding: 12px 16px; }
  legend { font-weight: 600; font-size: 13px; padding: 0 4px; }
  label { display: flex; align-items: center; gap: 10px; padding: 6px 0; font-size: 14px; }
  .who { display: flex; align-items: center; gap: 10px; flex: 1; }
  .who img { width: 32px; height: 32px; border-radius: 50%; background: #e4e6eb; }
  .muted { color: #65676b; font-size: 12px; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 8px; }
  button, a.button { font: inherit; font-size: 14px; font-weight: 600; border-radius: 8px; padding: 9px 18px; border: 0; cursor: pointer; text-decoration: none; }
  button.primary, a.primary { background: #0866ff; color: #fff; }
  button.secondary { background: #e4e6eb; color: #1c1e21; }
  a.quick { font-size: 12px; color: #0866ff; text-decoration: none; }
  .error { color: #b42318; }
`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function hiddenInputs(params: URLSearchParams): string {
  const skip = new Set(['sandbox_account', 'sandbox_action', 'sandbox_decline', 'sandbox_pages']);
  let out = '';
  for (const [k, v] of params) if (!skip.has(k)) out += `<input type="hidden" name="${h(k)}" value="${h(v)}">`;
  return out;
}

function quickLink(action: string, params: URLSearchParams, extra: Record<string, string>): string {
  const q = new URLSearchParams(params);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `${action}?${q.toString()}`;
}

function scopeBoxes(scopes: string[], locked: string): string {
  return scopes
    .map((s) =>
      s === locked
        ? `<label><input type="checkbox" checked disabled> ${h(s)} <span class="muted">(required)</span></label>`
        : `<label><input type="checkbox" name="sandbox_decline" value="${h(s)}" data-testid="decline-${h(s)}"> Decline ${h(s)}</label>`,
    )
    .join('');
}

/** The frame both consent pages share: who asks, the choices, the scopes the user may decline, Cancel and Approve. */
function consentPage(input: { brand: string; appId: string; sub: string; action: string; params: URLSearchParams; choices: string; scopes: string[]; locked: string }): string {
  return page(
    `${input.brand} sandbox — authorize ${input.appId}`,
    `<span class="badge">SANDBOX</span>
    <h1>${input.brand} sandbox — authorize ${h(input.appId)}</h1>
    <p class="sub">${input.sub} Nothing here talks to Meta.</p>
    <form method="get" action="${h(input.action)}">
      ${hiddenInputs(input.params)}
      ${input.choices}
      <fieldset><legend>Permissions</legend>${scopeBoxes(input.scopes, input.locked)}</fieldset>
      <div class="actions">
        <button class="secondary" type="submit" name="sandbox_action" value="cancel" data-testid="cancel">Cancel</button>
        <button class="primary" type="submit" name="sandbox_action" value="approve" data-testid="approve">Approve</button>
      </div>
    </form>`,
  );
}

const LIST_CAP = 25;

export function instagramAuthorizePage(input: {
  action: string;
  params: URLSearchParams;
  appId: string;
  scopes: string[];
  accounts: SandboxInstagramAccount[];
  totalAccounts: number;
  avatar: (a: SandboxInstagramAccount) => string;
}): string {
  const shown = input.accounts.slice(0, LIST_CAP);
  const rows = shown
    .map(
      (a, i) => `<label><input type="radio" name="sandbox_account" value="${h(a.username)}"${i === 0 ? ' checked' : ''}>
        <span class="who"><img alt="" src="${h(input.avatar(a))}"><span>@${h(a.username)}<br><span class="muted">${h(a.name ?? '')} · ${a.accountType}</span></span></span>
        <a class="quick" data-testid="approve-${h(a.username)}" href="${h(quickLink(input.action, input.params, { sandbox_account: a.username, sandbox_action: 'approve' }))}">Approve as @${h(a.username)}</a></label>`,
    )
    .join('');
  const more = input.totalAccounts > shown.length ? `<p class="muted">…and ${input.totalAccounts - shown.length} more: add <code>sandbox_account=&lt;username&gt;</code> to the URL.</p>` : '';
  return consentPage({
    brand: 'Instagram',
    appId: input.appId,
    sub: 'Choose the professional account to connect.',
    action: input.action,
    params: input.params,
    choices: `<fieldset><legend>Account</legend>${rows}${more}</fieldset>`,
    scopes: input.scopes,
    locked: 'instagram_business_basic',
  });
}

export function facebookDialogPage(input: {
  action: string;
  params: URLSearchParams;
  appId: string;
  scopes: string[];
  users: Array<{ user: SandboxFacebookUser; pages: SandboxPage[] }>;
  igName: (igUserId: string) => string | undefined;
}): string {
  const users = input.users
    .slice(0, LIST_CAP)
    .map(
      ({ user, pages }, i) => `<fieldset><legend><label><input type="radio" name="sandbox_account" value="${h(user.id)}"${i === 0 ? ' checked' : ''}> Continue as ${h(user.name)}</label></legend>
        ${pages
          .map((p) => {
            const ig = p.igUserId ? input.igName(p.igUserId) : undefined;
            return `<label><input type="checkbox" name="sandbox_pages" value="${h(p.id)}" checked data-testid="page-${h(p.id)}"> ${h(p.name)} <span class="muted">${ig ? `→ Instagram @${h(ig)}` : 'no Instagram account'}</span></label>`;
          })
          .join('')}
        <a class="quick" data-testid="approve-${h(user.id)}" href="${h(quickLink(input.action, input.params, { sandbox_account: user.id, sandbox_action: 'approve' }))}">Approve as ${h(user.name)} with every page</a>
      </fieldset>`,
    )
    .join('');
  return consentPage({
    brand: 'Facebook',
    appId: input.appId,
    sub: 'Pick the Pages whose Instagram accounts the app may use.',
    action: input.action,
    params: input.params,
    choices: `<input type="hidden" name="sandbox_pages" value="">
      ${users}`,
    scopes: input.scopes,
    locked: 'public_profile',
  });
}

export function errorPage(title: string, message: string): string {
  return page(title, `<span class="badge">SANDBOX</span><h1>${h(title)}</h1><p class="error">${h(message)}</p>`);
}

export function avatarSvg(username: string): string {
  let hash = 0;
  for (const c of username) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const initials = username.replace(/[^a-z0-9]/gi, '').slice(0, 2).toUpperCase() || 'IG';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="150" height="150" viewBox="0 0 150 150"><rect width="150" height="150" fill="hsl(${hue},55%,55%)"/><text x="75" y="92" font-family="sans-serif" font-size="52" font-weight="700" text-anchor="middle" fill="#fff">${h(initials)}</text></svg>`;
}

const KIND_LABEL: Record<SandboxMedia['productType'], string> = { FEED: 'Post', REELS: 'Reel', STORY: 'Story' };

function mediaElement(m: Pick<SandboxMedia, 'mediaType' | 'mediaUrl' | 'thumbnailUrl'>): string {
  if (!m.mediaUrl) return '';
  return m.mediaType === 'VIDEO'
    ? `<video controls preload="metadata" src="${h(m.mediaUrl)}"${m.thumbnailUrl ? ` poster="${h(m.thumbnailUrl)}"` : ''} style="width:100%;border-radius:8px"></video>`
    : `<img alt="" src="${h(m.mediaUrl)}" style="width:100%;border-radius:8px">`;
}

/** The page a sandbox permalink opens: the published media (every slide of a carousel) and its caption. */
export function mediaPage(m: SandboxMedia, children: SandboxMedia[], avatarUrl: string): string {
  const kind = m.mediaType === 'CAROUSEL_ALBUM' ? 'Carousel' : KIND_LABEL[m.productType];
  const items = (m.mediaType === 'CAROUSEL_ALBUM' ? children : [m]).map((item) => `<figure style="margin:0 0 12px">${mediaElement(item)}</figure>`).join('');
  return page(
    `@${m.username} on the Instagram sandbox`,
    `<span class="badge">SANDBOX</span>
    <div class="who" style="margin-bottom:12px"><img alt="" src="${h(avatarUrl)}"><span><strong data-testid="sandbox-post-username">@${h(m.username)}</strong><br><span class="muted">${kind} · ${h(new Date(m.timestamp).toISOString())}</span></span></div>
    <article data-testid="sandbox-post" data-media-id="${h(m.id)}">
      ${items}
      <p data-testid="sandbox-post-caption" style="white-space:pre-wrap;word-break:break-word">${h(m.caption ?? '')}</p>
    </article>
    <p class="muted">This post lives in the local Instagram sandbox: nothing was posted to Instagram.</p>`,
  );
}
