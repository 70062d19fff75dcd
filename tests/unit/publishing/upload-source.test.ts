import type { Core } from '@strapi/strapi';
import { WORKER_DEFAULTS } from '../../../server/src/publishing/mapping-schema';
import { buildPlan } from '../../../server/src/publishing/plan';
import type { ContentFailure, PostContent } from '../../../server/src/publishing/post-content';
import { createPostSources } from '../../../server/src/publishing/sources';
import { createUploadSource } from '../../../server/src/publishing/upload-source';
import { plan, publicationIn } from './harness';

jest.mock('../../../server/src/publishing/plan', () => ({ buildPlan: jest.fn() }));

const USER_POST = 'plugin::instagram-publisher.user-post';
const settings = { worker: () => WORKER_DEFAULTS, sandbox: () => false, publicUrl: () => 'https://cms.example' };
const input = { fileIds: ['11', '12'], caption: 'Mine', kind: 'auto', altTexts: ['Sea', null], firstComment: 'I <3 it', userTags: [{ username: 'ana', x: 0.2, y: 0.4 }], locationId: '21', collaborators: ['ben'], shareToFeed: false };
const files = [
  { id: 11, name: 'a.jpg', mime: 'image/jpeg', url: '/uploads/a.jpg', hash: 'a', provider: 'local', alternativeText: 'own alt' },
  { id: 12, name: 'b.jpg', mime: 'image/jpeg', url: '/uploads/b.jpg', hash: 'b', provider: 'local', alternativeText: 'kept' },
];

/** A Strapi whose user-file table says which files user 7 owns, and whose upload table holds `files`. */
const fakeStrapi = (owned: number[]) =>
  ({
    db: {
      query: (uid: string) => ({
        findMany: jest.fn(async ({ where }: { where: Record<string, any> }) =>
          uid.endsWith('user-file')
            ? owned.filter((id) => where.userId === '7' && where.fileId.$in.includes(id)).map((fileId) => ({ fileId }))
            : files.filter((file) => where.id.$in.includes(file.id)),
        ),
      }),
    },
  }) as unknown as Core.Strapi;

const userPost = (patch: Record<string, unknown> = {}) => ({ ...publicationIn('queued', {}), uid: USER_POST, documentId: 'user:7', locale: null, ownerUserId: '7', input, ...patch });

describe("posts made of an end user's own files", () => {
  beforeEach(() => jest.mocked(buildPlan).mockReset().mockResolvedValue({ plan: { ...plan }, warnings: ['w'], errors: [] } as never));

  it('refuses a post without an owner or whose input cannot be read, before reading any file', async () => {
    const source = createUploadSource(fakeStrapi([11, 12]), settings);
    expect(((await source.open(userPost({ ownerUserId: null }) as never)) as ContentFailure).failure).toMatchObject({ class: 'invalid', message: expect.stringMatching(/no owner/) });
    expect(((await source.open(userPost({ input: { fileIds: [] } }) as never)) as ContentFailure).failure.message).toMatch(/can no longer be read/);
    expect(buildPlan).not.toHaveBeenCalled();
  });

  it("refuses files the owner did not upload as if they were gone, and never plans them", async () => {
    const content = (await createUploadSource(fakeStrapi([11]), settings).open(userPost() as never)) as PostContent;
    expect(((await content.prepare()) as ContentFailure).failure.message).toMatch(/^File 12 is no longer available/);
    expect(buildPlan).not.toHaveBeenCalled();
  });

  it('plans the files as an entry under the mapping that reads each option, with per-file alt texts and the caption as written', async () => {
    const content = (await createUploadSource(fakeStrapi([11, 12]), settings).open(userPost() as never)) as PostContent;
    const prepared = await content.prepare();
    expect(prepared).toMatchObject({ warnings: ['w'], plan: { firstComment: 'I <3 it' } });
    const [, options] = jest.mocked(buildPlan).mock.calls[0];
    expect(options).toMatchObject({
      captionOverride: 'Mine',
      prepare: true,
      locale: null,
      publicUrl: 'https://cms.example',
      mapping: { postKind: 'auto', mediaFields: ['files'], shareToFeed: false, locationIdField: 'locationId', userTagsField: 'userTags', collaboratorsField: 'collaborators' },
      entry: { locationId: '21', userTags: input.userTags, collaborators: ['ben'] },
    });
    expect(options.entry.files.map((file: { alternativeText: string }) => file.alternativeText)).toEqual(['Sea', 'kept']);
  });

  it("is the worker's source for user posts, while entries keep theirs", async () => {
    const strapi = { ...fakeStrapi([11, 12]), contentTypes: {}, plugin: () => ({ service: () => ({ getEnabled: async () => null }) }) } as unknown as Core.Strapi;
    const sources = createPostSources(strapi, settings);
    expect('prepare' in (await sources.open(userPost() as never))).toBe(true);
    // An entry's publication goes to the entry source (here: its type is not mapped)
    expect(((await sources.open(publicationIn('queued', {}))) as ContentFailure).failure.class).toBe('mapping');
    // A row with an input but no owner is never posted from files, nor from the admin side's entry
    expect(((await sources.open(userPost({ ownerUserId: null, uid: 'api::article.article' }) as never)) as ContentFailure).failure.message).toMatch(/no owner/);
  });
});
