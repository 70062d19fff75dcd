import { signedRequest } from '../../sandbox';
import { ARTICLE } from '../publishing/helpers';
import { FB_SECRET, IG_SECRET, type Fixtures } from './fixtures';
import type { Rng } from './prng';

/** A well-formed request for a handler, which the fuzzer then bends out of shape. */
export interface Example {
  body?: unknown;
  query?: Record<string, unknown>;
}


/**
 * Valid requests by handler name, so mutations start from input that reaches the service and
 * the store. A route without an entry here (one added later) is still fuzzed, from the union of
 * every example's fields (see `vocabulary`).
 */
export const examplesFor = (fixtures: Fixtures, rng: Rng, now = Date.now()): Record<string, Example[]> => {
  const signed = (userId: string) => signedRequest({ user_id: userId }, rng.pick([IG_SECRET, FB_SECRET]), now);
  const inAWeek = () => new Date(now + 7 * 86_400_000).toISOString();
  return {
    'config.status': [{}],
    'connections.find': [{}],
    'connections.refresh': [{}],
    'connections.delete': [{}],
    'oauth.start': [{ body: { flow: 'instagram' } }, { body: { flow: 'facebook' } }],
    'oauth.pending': [{}],
    'oauth.select': [{ body: { pageIds: fixtures.pageIds.slice(0, 1) } }, { body: { pageIds: fixtures.pageIds } }],
    'oauth.callback': [
      { query: { state: 'x'.repeat(43), code: 'AQB-code#_' } },
      { query: { state: 'x'.repeat(43), error: 'access_denied', error_reason: 'user_denied', error_description: 'Permissions error' } },
    ],
    'my-connections.find': [{}],
    'my-connections.delete': [{}],
    'my-oauth.start': [
      { body: { flow: 'instagram', returnTo: 'http://localhost:3000/settings/integrations?tab=instagram' } },
      { body: { flow: 'facebook', returnTo: 'http://localhost:3000/' } },
    ],
    'my-oauth.complete': [{ body: { result: 'x'.repeat(43) } }, { body: { result: 'x'.repeat(43), pageIds: fixtures.pageIds } }],
    'meta.deauthorize': [{ body: { signed_request: signed('1888888888') } }],
    'meta.dataDeletion': [{ body: { signed_request: signed('1777777777') } }],
    'meta.dataDeletionStatus': [{}],
    'webhooks.verify': [
      { query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'playground-webhook-verify-token', 'hub.challenge': '1158201444' } },
      { query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'x'.repeat(16), 'hub.challenge': 'abc' } },
    ],
    // Unsigned (the fuzzer sends no X-Hub-Signature-256): every bent body must still answer 4xx, never 5xx.
    'webhooks.receive': [
      {
        body: {
          object: 'instagram',
          entry: [{ id: '17841400000000001', time: Math.floor(now / 1000), changes: [{ field: 'comments', value: { id: '1790', text: 'hi', media: { id: '1800' } } }] }],
        },
      },
      { body: { object: 'instagram', entry: [{ id: '17841400000000001', time: Math.floor(now / 1000), changes: [{ field: 'mentions', value: { media_id: '1800', comment_id: '1790' } }] }] } },
    ],
    'permalinks.find': [{ query: { uid: ARTICLE, documentId: fixtures.publishedDocumentId, locale: 'en' } }],
    'publications.find': [
      { query: { uid: ARTICLE, documentId: fixtures.publishedDocumentId, locale: 'en', status: 'queued,failed', connectionId: fixtures.connectionId, page: '1', pageSize: '20' } },
      { query: { status: ['published', 'failed'], page: '2' } },
      { query: { sort: rng.pick(['likes:desc', 'comments:asc', 'reach:DESC', 'createdAt:asc']), pageSize: '5' } },
    ],
    'publications.create': [
      { body: { uid: ARTICLE, documentId: fixtures.publishedDocumentId, locale: 'en', connectionId: fixtures.connectionId, caption: 'Hello #fuzz', scheduledAt: inAWeek() } },
      { body: { uid: ARTICLE, documentId: fixtures.publishedDocumentId } },
    ],
    'publications.retry': [{}],
    'publications.cancel': [{}],
    'publications.preview': [
      { body: { uid: ARTICLE, documentId: fixtures.draftDocumentId, status: 'draft', locale: 'en', mapping: fixtures.mapping } },
      { body: { uid: ARTICLE, documentId: fixtures.publishedDocumentId, status: 'published' } },
      { body: { uid: ARTICLE, mapping: { ...fixtures.mapping, captionTemplate: rng.pick(['{{title', 'Hi {{ title }', '{{a b}}', '{{title}} {{excerpt}}']) } } },
    ],
    'end-user-connections.find': [{ query: { q: 'alice', page: '1', pageSize: '20' } }, {}],
    'end-user-connections.delete': [{}],
    'my-files.find': [{ query: { page: '1', pageSize: '20' } }],
    'my-publications.find': [{ query: { status: 'queued,failed', connectionId: fixtures.userConnectionId, page: '1', pageSize: '20' } }, { query: { status: ['published'] } }, { query: { sort: 'likes:desc', page: '1' } }],
    'my-publications.create': [
      {
        body: {
          connectionId: fixtures.userConnectionId,
          fileIds: [fixtures.userFileId],
          caption: 'Hello #fuzz',
          kind: 'auto',
          altTexts: [null],
          firstComment: 'First',
          userTags: [{ username: 'sandbox_creator', x: 0.5, y: 0.5 }],
          locationId: '2120000000000001',
          collaborators: ['sandbox_creator'],
          shareToFeed: true,
          scheduledAt: inAWeek(),
        },
      },
    ],
    'my-publications.findOne': [{}],
    'my-insights.findOne': [{}],
    'insights.findOne': [{}],
    'insights.activity': [{}],
    'my-publications.cancel': [{}],
    'my-publications.retry': [{}],
    'comments.find': [{ query: { limit: '10' } }, { query: { after: 'MTA', limit: 5 } }],
    'comments.reply': [{ body: { message: 'Thanks!' } }],
    'comments.hide': [{ body: { hidden: true } }, { body: { hidden: false } }],
    'comments.delete': [{}],
    'comments.setEnabled': [{ body: { enabled: false } }],
    'my-comments.find': [{ query: { limit: '10' } }],
    'my-comments.reply': [{ body: { message: 'Thanks!' } }],
    'my-comments.hide': [{ body: { hidden: true } }],
    'my-comments.delete': [{}],
    'my-comments.setEnabled': [{ body: { enabled: true } }],
    'settings.find': [{}],
    'settings.update': [{ body: { mappings: { [ARTICLE]: fixtures.mapping } } }, { body: { mappings: {} } }],
  };
};

/** Every field any example uses, with one of its real values: the material for unknown routes. */
export const vocabulary = (examples: Record<string, Example[]>): Array<[string, unknown]> =>
  Object.values(examples).flatMap((list) =>
    list.flatMap((example) => [
      ...Object.entries((example.body && typeof example.body === 'object' ? example.body : {}) as Record<string, unknown>),
      ...Object.entries(example.query ?? {}),
    ]),
  );

/** Values a path parameter of that name could really take (the fuzzer also sends broken ones). */
export const realParams = (fixtures: Fixtures, name: string): string[] => {
  if (name === 'code') return [fixtures.deletionCode];
  // Instagram comment ids are digits; the sandbox numbers them from 1799...
  if (name === 'commentId') return ['17990000000000001', '1'];
  return [
    fixtures.connectionId,
    fixtures.pendingId ?? 'f'.repeat(32),
    ...Object.values(fixtures.publicationIds),
    fixtures.userConnectionId,
    fixtures.userPublicationId,
  ];
};
