import type { Sandbox } from '../../sandbox';
import { startFastSandbox, startPublishingApp, type PublishingApp } from '../publishing/helpers';
import { connectUser, errorPaths, grantToAuthenticated, ME, POSTING_ACTIONS, postAs, registerUser, untilMine, uploadJpeg, type EndUser } from '../end-users/post-helpers';

const COMMENT_ACTIONS = ['my-comments.find', 'my-comments.reply', 'my-comments.hide', 'my-comments.delete', 'my-comments.setEnabled'];

describe("an end user moderates the comments on their own posts, and only theirs", () => {
  let sandbox: Sandbox;
  let app: PublishingApp;
  let ana: EndUser;
  let ben: EndUser;
  let anaToken: string;
  let anaPost: { id: string; mediaId: string };
  const answers: string[] = [];

  const http = () => app.app.http();
  const base = (id: string) => `${ME}/publications/${id}`;
  const keep = <T extends { body: unknown }>(response: T): T => {
    answers.push(JSON.stringify(response.body));
    return response;
  };

  beforeAll(async () => {
    sandbox = await startFastSandbox();
    app = await startPublishingApp(sandbox);
    await grantToAuthenticated(app.strapi, [...POSTING_ACTIONS, ...COMMENT_ACTIONS]);
    ana = await registerUser(app, 'ana');
    ben = await registerUser(app, 'ben');
    const connection = (await connectUser(app.strapi, sandbox, ana, 'sandbox_brand')) as { id: string; accessToken: string };
    anaToken = connection.accessToken;
    await connectUser(app.strapi, sandbox, ben, 'sandbox_creator');
    const file = await uploadJpeg(app, ana, 'ana.jpg');
    const post = await postAs(app, ana, { connectionId: connection.id, fileIds: [file], caption: 'Ana’s post' });
    expect(post.status).toBe(202);
    const published = await untilMine(app, ana, post.body.data.id);
    expect(published.status).toBe('published');
    anaPost = { id: post.body.data.id, mediaId: published.mediaId };
    expect(sandbox.getMedia(anaPost.mediaId)).toBeDefined();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
    await sandbox?.close();
  });

  it('lists, replies, hides, deletes and turns comments off on their own post', async () => {
    const first = sandbox.addComment(anaPost.mediaId, { text: 'Nice one', username: 'fan_one' });
    const spam = sandbox.addComment(anaPost.mediaId, { text: 'Buy followers', username: 'spammer' });

    const listed = keep(await http().get(`${base(anaPost.id)}/comments`).set(ana.auth));
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([first, spam]);

    const reply = keep(await http().post(`${base(anaPost.id)}/comments/${first}/replies`).set(ana.auth).send({ message: 'Thank you' }));
    expect(reply.status).toBe(201);
    expect(sandbox.getMedia(anaPost.mediaId)!.comments.find((c) => c.id === reply.body.data.id)).toMatchObject({ parentId: first, text: 'Thank you' });

    const hide = keep(await http().post(`${base(anaPost.id)}/comments/${spam}/hide`).set(ana.auth).send({ hidden: true }));
    expect(hide.status).toBe(200);
    expect(sandbox.getMedia(anaPost.mediaId)!.comments.find((c) => c.id === spam)?.hidden).toBe(true);

    const removed = keep(await http().delete(`${base(anaPost.id)}/comments/${spam}`).set(ana.auth));
    expect(removed.status).toBe(200);
    expect(sandbox.getMedia(anaPost.mediaId)!.comments.some((c) => c.id === spam)).toBe(false);

    const off = keep(await http().post(`${base(anaPost.id)}/comments-enabled`).set(ana.auth).send({ enabled: false }));
    expect(off.status).toBe(200);
    expect(sandbox.getMedia(anaPost.mediaId)!.commentsEnabled).toBe(false);
  });

  it("answers 404 to another user's post on every comment route, and changes nothing", async () => {
    const comment = sandbox.addComment(anaPost.mediaId, { text: 'Keep me', username: 'fan_two' });
    const calls = [
      http().get(`${base(anaPost.id)}/comments`),
      http().post(`${base(anaPost.id)}/comments/${comment}/replies`).send({ message: 'Not mine' }),
      http().post(`${base(anaPost.id)}/comments/${comment}/hide`).send({ hidden: true }),
      http().delete(`${base(anaPost.id)}/comments/${comment}`),
      http().post(`${base(anaPost.id)}/comments-enabled`).send({ enabled: true }),
    ];
    for (const call of calls) {
      const response = keep(await call.set(ben.auth));
      expect(response.status).toBe(404);
      expect(response.body.error.message).toBe(`publication ${anaPost.id} not found`);
    }
    const after = sandbox.getMedia(anaPost.mediaId)!;
    expect(after.comments.find((c) => c.id === comment)).toMatchObject({ text: 'Keep me' });
    expect(after.comments.find((c) => c.id === comment)?.hidden).toBeFalsy();
    expect(after.comments.some((c) => c.text === 'Not mine')).toBe(false);
    expect(after.commentsEnabled).toBe(false);
  });

  it('answers 400 naming the field, and 403 without a login', async () => {
    const noMessage = keep(await http().post(`${base(anaPost.id)}/comments/17990000000000001/replies`).set(ana.auth).send({ text: 'wrong field' }));
    expect(noMessage.status).toBe(400);
    expect(errorPaths(noMessage.body)).toContain('message');
    const badHidden = keep(await http().post(`${base(anaPost.id)}/comments/17990000000000001/hide`).set(ana.auth).send({ hidden: 'true' }));
    expect(badHidden.status).toBe(400);
    expect(errorPaths(badHidden.body)).toContain('hidden');
    const badLimit = keep(await http().get(`${base(anaPost.id)}/comments?limit=0`).set(ana.auth));
    expect(badLimit.status).toBe(400);
    expect(errorPaths(badLimit.body)).toContain('limit');
    expect([401, 403]).toContain((await http().get(`${base(anaPost.id)}/comments`)).status);
  });

  it('never answers a token', () => {
    expect(answers.length).toBeGreaterThan(8);
    for (const body of answers) expect(body).not.toContain(anaToken);
  });
});
