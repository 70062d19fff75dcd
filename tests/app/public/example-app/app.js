// The reference front end of strapi-plugin-instagram-publisher, written as a site developer would:
// plain fetch, no framework, no build step. A user of the app signs up or logs in with Users &
// Permissions, connects their Instagram account, publishes a picture and watches it go live.
// README: "Let your app's users connect their Instagram".

// Where Strapi answers. '' = this page's own origin; set it to your Strapi's URL when the page is
// served from elsewhere (then allow that origin in Strapi's CORS settings and in endUsers.returnUrls).
const STRAPI_URL = '';
const ME = `${STRAPI_URL}/api/instagram-publisher/me`;
// How often the list of posts is read again while one of them is still on its way.
const POLL_MS = 2000;
const IN_FLIGHT = ['queued', 'preparing', 'containers_created', 'processing', 'publishing', 'deferred'];

// ---------------------------------------------------------------------------------------------
// Session: the Users & Permissions JWT, kept for this tab only. It must survive the trip to
// Instagram's consent page and back, so memory alone is not enough; sessionStorage is.

const session = {
  get jwt() {
    return sessionStorage.getItem('example-app.jwt');
  },
  get user() {
    return JSON.parse(sessionStorage.getItem('example-app.user') ?? 'null');
  },
  save({ jwt, user }) {
    sessionStorage.setItem('example-app.jwt', jwt);
    sessionStorage.setItem('example-app.user', JSON.stringify({ id: user.id, username: user.username, email: user.email }));
  },
  clear() {
    sessionStorage.removeItem('example-app.jwt');
    sessionStorage.removeItem('example-app.user');
  },
};

// ---------------------------------------------------------------------------------------------
// One way to call Strapi: JSON or FormData in, JSON out, and an Error carrying Strapi's
// `error.message` (the plugin's messages are written for the person using the app).

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, { method = 'GET', body, auth = true } = {}) {
  const headers = {};
  if (auth && session.jwt) headers.Authorization = `Bearer ${session.jwt}`;
  // FormData sets its own multipart Content-Type (with the boundary): never set it by hand.
  if (body !== undefined && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && auth) signOut(); // the JWT expired (or the user was blocked): log in again
    // 429 (a limit) and 413 (too large) say in words what to do, "try again in 3 hours" included;
    // the Retry-After header carries the same wait in seconds for code that retries on its own.
    throw new ApiError(response.status, json?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return json;
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers: text always goes in as text, never as HTML.

const $ = (selector) => document.querySelector(selector);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

function show(kind, text) {
  const box = kind === 'error' ? $('#error') : $('#notice');
  const other = kind === 'error' ? $('#notice') : $('#error');
  other.hidden = true;
  box.textContent = text;
  box.hidden = false;
}

const showError = (error) => show('error', error.message);

// Runs a click or submit handler with its button disabled, and shows what went wrong.
async function busy(button, work) {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

const number = (value) => (value === null || value === undefined ? '–' : value.toLocaleString('en-US'));
const date = (iso) => new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });

// ---------------------------------------------------------------------------------------------
// 1. Sign up or log in

$('#sign-up-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  busy(event.submitter, async () => {
    const answer = await api(`${STRAPI_URL}/api/auth/local/register`, {
      method: 'POST',
      auth: false,
      body: { username: form.get('username'), email: form.get('email'), password: form.get('password') },
    });
    session.save(answer);
    show('notice', `Welcome, ${answer.user.username}! Connect your Instagram account below.`);
    await render();
  });
});

$('#log-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  busy(event.submitter, async () => {
    const answer = await api(`${STRAPI_URL}/api/auth/local`, {
      method: 'POST',
      auth: false,
      body: { identifier: form.get('identifier'), password: form.get('password') },
    });
    session.save(answer);
    await render();
  });
});

function signOut() {
  session.clear();
  stopPolling();
  $('#signed-in').hidden = true;
  $('#signed-out').hidden = false;
}

$('#log-out').addEventListener('click', () => {
  signOut();
  show('notice', 'You are logged out.');
});

// ---------------------------------------------------------------------------------------------
// 2. Connect Instagram: start → Meta's consent page → back here with ?result= → complete

for (const button of document.querySelectorAll('button[data-flow]')) {
  button.addEventListener('click', () =>
    busy(button, async () => {
      // Come back to this very page (without its query): it must fall under endUsers.returnUrls.
      const returnTo = `${location.origin}${location.pathname}`;
      const { data } = await api(`${ME}/oauth/start`, { method: 'POST', body: { flow: button.dataset.flow, returnTo } });
      location.assign(data.authUrl);
    })
  );
}

// The plugin sends the browser back with ?result=<one-time result>, or ?error=<code>&message=<text>.
async function finishConnecting() {
  const params = new URLSearchParams(location.search);
  const result = params.get('result');
  const error = params.get('error');
  if (!result && !error) return;
  // Take the parameters out of the address bar: a reload must not complete twice.
  history.replaceState(null, '', location.pathname);
  if (error) {
    show('error', params.get('message') || `Instagram was not connected (${error}).`);
    return;
  }
  try {
    await complete({ result });
  } catch (failure) {
    showError(failure);
  }
}

async function complete(body) {
  const { data } = await api(`${ME}/oauth/complete`, { method: 'POST', body });
  if (data.status === 'choose_pages') {
    showPagePicker(body.result, data.pages);
    return;
  }
  $('#pages-form').hidden = true;
  const names = data.connections.map((connection) => `@${connection.profile.username}`).join(', ');
  show('notice', `Connected ${names}.`);
  await loadAccounts();
}

// Facebook Login with several Pages: the user picks which of their accounts to connect.
function showPagePicker(result, pages) {
  const form = $('#pages-form');
  form.dataset.result = result;
  $('#pages-list').replaceChildren(
    ...pages.map((page) =>
      el(
        'label',
        { class: 'page' },
        el('input', { type: 'checkbox', name: 'pageIds', value: page.pageId, checked: true }),
        ` ${page.pageName} → @${page.username ?? page.instagramUserId}`,
        page.followersCount === null ? null : el('span', { class: 'muted' }, ` (${number(page.followersCount)} followers)`)
      )
    )
  );
  form.hidden = false;
  show('notice', 'Choose which Instagram accounts to connect.');
}

$('#pages-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const pageIds = new FormData(event.target).getAll('pageIds');
  if (pageIds.length === 0) {
    show('error', 'Tick at least one Page.');
    return;
  }
  busy(event.submitter, () => complete({ result: event.target.dataset.result, pageIds }));
});

// ---------------------------------------------------------------------------------------------
// 3. My accounts

const WHAT_TO_DO = {
  reconnect: 'Connect this account again with the buttons above.',
  grant_permissions: 'Connect this account again and allow every permission Instagram asks for.',
  open_instagram_app: 'Open the Instagram app with this account and complete what it asks.',
};

function expiry(connection) {
  if (!connection.tokenExpiresAt) return 'Access does not expire.';
  const days = Math.round((new Date(connection.tokenExpiresAt) - Date.now()) / 86_400_000);
  return `Access expires ${date(connection.tokenExpiresAt)} (in ${days} days; renewed automatically).`;
}

function accountCard(connection) {
  const { profile } = connection;
  return el(
    'li',
    { class: 'card', dataset: { connectionId: connection.id, health: connection.health } },
    profile.profilePictureUrl ? el('img', { src: profile.profilePictureUrl, alt: `@${profile.username}`, width: 64, height: 64 }) : null,
    el(
      'div',
      {},
      el('h3', {}, `@${profile.username}`),
      profile.name ? el('p', {}, profile.name) : null,
      el(
        'p',
        { class: 'counts' },
        `${number(profile.followersCount)} followers · ${number(profile.followsCount)} following · ${number(profile.mediaCount)} posts`
      ),
      el('p', { class: 'muted' }, connection.loginKind === 'facebook' ? `Facebook Login, Page ${connection.pageName}` : 'Instagram Login'),
      el('p', { class: 'expiry' }, expiry(connection)),
      el(
        'p',
        { class: `health ${connection.health}` },
        connection.health === 'healthy' ? 'Healthy' : connection.healthReason ?? connection.health,
        connection.healthAction ? el('strong', {}, ` ${WHAT_TO_DO[connection.healthAction]}`) : null
      ),
      el('button', { type: 'button', class: 'danger', 'data-disconnect': connection.id, 'aria-label': `Disconnect @${profile.username}` }, 'Disconnect')
    )
  );
}

async function loadAccounts() {
  const { data, meta } = await api(`${ME}/connections`);
  $('#accounts').replaceChildren(...data.map(accountCard));
  $('#no-accounts').hidden = data.length > 0;
  $('#no-accounts').textContent = `No Instagram account connected yet (you may connect up to ${meta.maxConnections}).`;
  const select = $('#publish-form select[name="connectionId"]');
  select.replaceChildren(...data.map((connection) => el('option', { value: connection.id }, `@${connection.profile.username}`)));
  $('#publish-form').querySelector('button').disabled = data.length === 0;
}

$('#accounts').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-disconnect]');
  if (!button) return;
  const name = button.closest('.card').querySelector('h3').textContent;
  if (!confirm(`Disconnect ${name}? Its scheduled posts will not go out.`)) return;
  busy(button, async () => {
    await api(`${ME}/connections/${encodeURIComponent(button.dataset.disconnect)}`, { method: 'DELETE' });
    show('notice', `${name} is disconnected.`);
    await loadAccounts();
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Publish: the file and the post in one multipart request (`files` + `data` as JSON).
// (The other way: POST /me/files first, then POST /me/publications with JSON naming fileIds.)

$('#publish-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const fields = new FormData(form);
  busy(event.submitter, async () => {
    const body = new FormData();
    for (const file of fields.getAll('files')) body.append('files', file);
    body.append('data', JSON.stringify({ connectionId: fields.get('connectionId'), caption: fields.get('caption') }));
    await api(`${ME}/publications`, { method: 'POST', body });
    form.reset();
    show('notice', 'Your post is queued: it goes out in a moment.');
    await loadPosts();
  });
});

// ---------------------------------------------------------------------------------------------
// 5. My posts, read again every POLL_MS while one of them is still on its way

const STATUS_TEXT = {
  queued: 'Queued',
  preparing: 'Preparing',
  containers_created: 'Uploading to Instagram',
  processing: 'Instagram is processing it',
  publishing: 'Publishing',
  deferred: 'Waiting (Instagram asked to slow down)',
  published: 'Published',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function postItem(post) {
  const picture = post.files.find((file) => file.url && file.mime?.startsWith('image/'));
  return el(
    'li',
    { class: 'post', dataset: { publicationId: post.id, status: post.status } },
    picture ? el('img', { src: picture.url, alt: '', width: 80, height: 80 }) : null,
    el(
      'div',
      {},
      el('p', {}, el('strong', { class: 'status' }, STATUS_TEXT[post.status] ?? post.status), ` to @${post.username ?? 'a disconnected account'} · ${date(post.createdAt)}`),
      post.caption ? el('p', { class: 'caption' }, post.caption) : null,
      post.permalink ? el('p', {}, el('a', { href: post.permalink, target: '_blank', rel: 'noopener' }, 'See it on Instagram')) : null,
      post.error ? el('p', { class: 'error' }, post.error.message) : null,
      ['queued', 'deferred'].includes(post.status) ? el('button', { type: 'button', 'data-post-action': 'cancel' }, 'Cancel') : null,
      ['failed', 'cancelled'].includes(post.status) ? el('button', { type: 'button', 'data-post-action': 'retry' }, 'Retry') : null
    )
  );
}

let pollTimer = null;
function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = null;
}

async function loadPosts() {
  stopPolling();
  const { data } = await api(`${ME}/publications?pageSize=10`);
  $('#posts').replaceChildren(...data.map(postItem));
  $('#no-posts').hidden = data.length > 0;
  if (data.some((post) => IN_FLIGHT.includes(post.status))) {
    pollTimer = setTimeout(() => loadPosts().catch(showError), POLL_MS);
  }
}

$('#posts').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-post-action]');
  if (!button) return;
  const id = button.closest('.post').dataset.publicationId;
  busy(button, async () => {
    await api(`${ME}/publications/${encodeURIComponent(id)}/${button.dataset.postAction}`, { method: 'POST' });
    await loadPosts();
  });
});

// ---------------------------------------------------------------------------------------------
// Start: signed out → the forms; signed in → finish a connection in progress, then load everything.

async function render() {
  if (!session.jwt) {
    signOut();
    return;
  }
  $('#signed-out').hidden = true;
  $('#signed-in').hidden = false;
  $('#user-name').textContent = session.user?.username ?? '';
  await finishConnecting();
  await Promise.all([loadAccounts(), loadPosts()]);
}

render().catch(showError);
