import type { PublicationStatus } from '../../../server/src/store/types';
import { userOwner } from '../../../server/src/store/types';
import { capturedLogs } from '../harness/logs';
import { startSandboxedApp, type SandboxedApp } from '../harness/sandbox-app';
import { publicationFactory } from '../store/contract';
import { CONNECT_ACTIONS, connectAs, grantActions, registerUser, resultOf, runUserFlow, completeMine, storeOf, type EndUserSession } from './connect-harness';

const USER = 'plugin::users-permissions.user';

let env: SandboxedApp;
const store = () => storeOf(env.app.strapi);

beforeAll(async () => {
  // No worker: the publications below stay where the test puts them.
  env = await startSandboxedApp({ app: { env: { INSTAGRAM_PUBLISHER_DISABLE_BACKGROUND: 'true' } } });
  await grantActions(env.app.strapi, CONNECT_ACTIONS);
});
afterAll(async () => {
  await env?.stop();
});

/** A user with an Instagram Login account, two Facebook Login Pages and posts in several states. */
const userWithEverything = async (name: string) => {
  const user = await registerUser(env.app, name);
  const [instagram] = await connectAs(env.app, user, { flow: 'instagram', account: 'sandbox_creator' });
  const { location } = await runUserFlow(env.app, user, { flow: 'facebook' });
  const result = resultOf(location);
  const offered = (await completeMine(env.app, user, { result })).body.data.pages as Array<{ pageId: string; username: string }>;
  const pageIds = offered.filter((page) => page.username !== 'sandbox_studio').map((page) => page.pageId);
  expect((await completeMine(env.app, user, { result, pageIds })).body.data.status).toBe('connected');
  const post = (status: PublicationStatus) =>
    store().publications.create(
      publicationFactory({ status, connectionId: instagram.id, ownerUserId: user.id, uid: 'plugin::instagram-publisher.my-post', input: { caption: 'Mine' } })
    );
  const posts = {
    queued: await post('queued'),
    deferred: await post('deferred'),
    processing: await post('processing'),
    publishing: await post('publishing'),
    published: await post('published'),
  };
  return { user, posts };
};

const statusOf = async (id: string) => (await store().publications.findById(id))!.status;

describe('deleting a Users & Permissions user', () => {
  it('deletes their connections (revoking Facebook Login) and cancels their pending posts, nobody else’s', async () => {
    // Given two users with connections and posts
    const { user: alice, posts } = await userWithEverything('alice');
    const bystander = await registerUser(env.app, 'bystander');
    const [kept] = await connectAs(env.app, bystander, { flow: 'instagram', account: 'sandbox_brand' });
    const theirs = await store().publications.create(publicationFactory({ status: 'queued', ownerUserId: bystander.id, connectionId: kept.id }));
    expect(await store().connections.count(userOwner(alice.id))).toBe(3);
    env.sandbox.clearCalls();

    // When the app deletes Alice through Users & Permissions' own service (as DELETE /api/users/:id does)
    await env.app.strapi.plugin('users-permissions').service('user').remove({ id: alice.id });

    // Then her connections and their tokens are gone, and Facebook Login was revoked on Meta's side
    expect(await store().connections.list(userOwner(alice.id))).toEqual([]);
    expect(env.sandbox.count({ method: 'DELETE', api: 'facebookGraph', path: '/me/permissions' })).toBe(1);
    // And her posts that had not started publishing are cancelled, saying why
    for (const post of [posts.queued, posts.deferred, posts.processing]) {
      const after = await store().publications.findById(post.id);
      expect(after).toMatchObject({ status: 'cancelled', leaseOwner: null, error: { class: 'cancelled' } });
      expect(after!.error!.message).toMatch(/user who made this post was deleted/);
    }
    // And what is publishing or published is left as it is
    expect(await statusOf(posts.publishing.id)).toBe('publishing');
    expect(await statusOf(posts.published.id)).toBe('published');
    // And the other user keeps everything
    expect((await store().connections.list(userOwner(bystander.id))).map((c) => c.id)).toEqual([kept.id]);
    expect(await statusOf(theirs.id)).toBe('queued');
  });

  it('still removes the connections when Meta refuses the revoke, and only logs it', async () => {
    // Given a user with Facebook Login Pages, and Meta failing the revoke
    const { user } = await userWithEverything('dora');
    const fault = env.sandbox.inject({
      match: { method: 'DELETE', api: 'facebookGraph', path: '/me/permissions' },
      error: { httpStatus: 500, code: 2, message: 'Service temporarily unavailable' },
    });
    try {
      // When the user is deleted
      await env.app.strapi.plugin('users-permissions').service('user').remove({ id: user.id });
    } finally {
      fault.remove();
    }
    // Then the revoke was tried, and the connections and their tokens are gone all the same
    expect(env.sandbox.count({ method: 'DELETE', api: 'facebookGraph', path: '/me/permissions' })).toBeGreaterThanOrEqual(1);
    expect(await store().connections.count(userOwner(user.id))).toBe(0);
    expect(capturedLogs().join('\n')).toMatch(/could not revoke Facebook permissions/);
  });

  it('clears up after a bulk delete too (deleteMany)', async () => {
    // Given two users with connections and a queued post each
    const users: EndUserSession[] = [];
    const queued: string[] = [];
    for (const name of ['bulk-a', 'bulk-b']) {
      const user = await registerUser(env.app, name);
      const [connection] = await connectAs(env.app, user, { flow: 'instagram', account: 'sandbox_brand' });
      queued.push((await store().publications.create(publicationFactory({ status: 'queued', ownerUserId: user.id, connectionId: connection.id }))).id);
      users.push(user);
    }

    // When both are deleted in one query
    await env.app.strapi.db.query(USER).deleteMany({ where: { id: { $in: users.map((user) => Number(user.id)) } } });

    // Then neither keeps a connection, and both posts are cancelled
    for (const user of users) expect(await store().connections.count(userOwner(user.id))).toBe(0);
    for (const id of queued) expect(await statusOf(id)).toBe('cancelled');
  });

  it('through the Document Service as the admin panel deletes, and answers a JWT of the deleted user with 401', async () => {
    const { user } = await userWithEverything('carol');
    const row = await env.app.strapi.db.query(USER).findOne({ where: { id: user.id } });
    await env.app.strapi.documents(USER).delete({ documentId: row.documentId });
    expect(await store().connections.count(userOwner(user.id))).toBe(0);
    expect((await env.app.http().get('/api/instagram-publisher/me/connections').set(user.auth)).status).toBe(401);
  });
});
