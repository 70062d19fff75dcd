import type { Core } from '@strapi/strapi';
import { loadEntry } from '../../../server/src/publishing/entry';
import { createEntrySource } from '../../../server/src/publishing/entry-source';
import { WORKER_DEFAULTS, type Mapping } from '../../../server/src/publishing/mapping-schema';
import { buildPlan } from '../../../server/src/publishing/plan';
import type { ContentFailure, PostContent } from '../../../server/src/publishing/post-content';
import { plan, publicationIn } from './harness';

jest.mock('../../../server/src/publishing/entry', () => ({ loadEntry: jest.fn() }));
jest.mock('../../../server/src/publishing/plan', () => ({ buildPlan: jest.fn() }));

const ARTICLE = 'api::article.article';
const mapping = { enabled: true, autoPublish: true, connectionId: null, mediaFields: ['cover'] } as unknown as Mapping;
const entry = { documentId: 'doc', title: 'Hello' };

const fakeStrapi = (getEnabled: jest.Mock = jest.fn(async () => mapping)) =>
  ({
    contentTypes: { [ARTICLE]: { info: { displayName: 'Article' }, kind: 'collectionType', options: { draftAndPublish: true }, attributes: {} } },
    plugin: () => ({ service: () => ({ getEnabled }) }),
  }) as unknown as Core.Strapi;

const sourceFor = (strapi: Core.Strapi) => createEntrySource(strapi, { worker: () => WORKER_DEFAULTS, sandbox: () => false, publicUrl: () => 'https://cms.example' });

const opened = async (strapi: Core.Strapi, publication = publicationIn('queued', {})) => (await sourceFor(strapi).open(publication)) as PostContent;

describe('posts made from CMS entries', () => {
  beforeEach(() => {
    jest.mocked(loadEntry).mockReset().mockResolvedValue(entry);
    jest.mocked(buildPlan).mockReset().mockResolvedValue({ plan, warnings: ['w'], errors: [] } as never);
  });

  it('refuses a publication whose type is no longer mapped, or no longer exists, naming the type', async () => {
    const unmapped = (await sourceFor(fakeStrapi(jest.fn(async () => null))).open(publicationIn('queued', {}))) as ContentFailure;
    expect(unmapped.failure).toEqual({ code: null, subcode: null, class: 'mapping', message: 'Instagram publishing is not enabled for Article. Enable it in the plugin settings, then retry.' });

    const gone = (await sourceFor(fakeStrapi()).open({ ...publicationIn('queued', {}), uid: 'api::gone.gone' })) as ContentFailure;
    expect(gone.failure.message).toMatch(/^Instagram publishing is not enabled for api::gone\.gone\./);
    expect(loadEntry).not.toHaveBeenCalled();
  });

  it('reads the published version of the entry in the publication\'s locale and plans it with the worker\'s settings', async () => {
    const content = await opened(fakeStrapi());
    await expect(content.prepare()).resolves.toEqual({ plan, warnings: ['w'] });
    expect(loadEntry).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ uid: ARTICLE, draftAndPublish: true }), mapping, { documentId: 'doc', locale: 'en', status: 'published' });
    expect(buildPlan).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ mapping, entry, locale: 'en', prepare: true, worker: WORKER_DEFAULTS, sandbox: false, publicUrl: 'https://cms.example' }));
  });

  it('posts an editor\'s own caption, but what the template makes on a publish', async () => {
    await (await opened(fakeStrapi(), { ...publicationIn('queued', {}), trigger: 'manual', caption: 'Mine' })).prepare();
    expect(jest.mocked(buildPlan).mock.calls[0][1].captionOverride).toBe('Mine');
    await (await opened(fakeStrapi(), { ...publicationIn('queued', {}), trigger: 'publish', caption: 'Stale' })).prepare();
    expect(jest.mocked(buildPlan).mock.calls[1][1].captionOverride).toBeNull();
  });

  it('fails when the entry has no published version, or its plan has problems', async () => {
    jest.mocked(loadEntry).mockResolvedValueOnce(null);
    await expect((await opened(fakeStrapi())).prepare()).resolves.toEqual({
      failure: { code: null, subcode: null, class: 'invalid', message: 'The entry has no published version (it may have been unpublished or deleted).' },
    });
    jest.mocked(buildPlan).mockResolvedValueOnce({ plan: null, warnings: [], errors: ['No image or video found.', 'The caption is too long.'] } as never);
    await expect((await opened(fakeStrapi())).prepare()).resolves.toEqual({
      failure: { code: null, subcode: null, class: 'invalid', message: 'No image or video found. The caption is too long.' },
    });
  });
});
