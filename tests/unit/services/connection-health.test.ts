import { InstagramApiError, classifyGraphError, userMessageFor } from '../../../server/src/instagram/errors';
import { actionForStatus, patchFor, unusableReason, verdictFor } from '../../../server/src/services/connection-health';
import type { Connection } from '../../../server/src/store/types';

/** The error the Graph client throws for Meta's code/subcode, classified and worded as in production. */
const graphError = (code: number, subcode?: number, requiredScopes?: string[]) => {
  const { class: cls, outcomeUnknown } = classifyGraphError({ code, subcode, httpStatus: 400 });
  return new InstagramApiError({
    message: `graph ${code}/${subcode ?? '-'}`,
    class: cls,
    code,
    subcode,
    outcomeUnknown,
    requiredScopes,
    userMessage: userMessageFor({ class: cls, code, subcode, requiredScopes }),
  });
};

const business = { profile: { accountType: 'BUSINESS' } } as Connection;
const creator = { profile: { accountType: 'MEDIA_CREATOR' } } as Connection;

describe('what a Graph error means for the connection', () => {
  it.each([
    // 190 family: the token is dead, only a new login helps
    [190, undefined, 'reconnect_needed', 'reconnect'],
    [190, 458, 'reconnect_needed', 'reconnect'],
    [190, 460, 'reconnect_needed', 'reconnect'],
    [190, 463, 'reconnect_needed', 'reconnect'],
    [190, 464, 'reconnect_needed', 'reconnect'],
    [190, 467, 'reconnect_needed', 'reconnect'],
    [190, 492, 'reconnect_needed', 'reconnect'],
    [102, undefined, 'reconnect_needed', 'reconnect'],
    // Permission missing: a new login granting everything asked
    [10, undefined, 'reconnect_needed', 'grant_permissions'],
    [3, undefined, 'reconnect_needed', 'grant_permissions'],
    [200, undefined, 'reconnect_needed', 'grant_permissions'],
    [299, undefined, 'reconnect_needed', 'grant_permissions'],
    // Checkpointed or restricted: the user acts in the Instagram app, the token stays
    [190, 459, 'action_required', 'open_instagram_app'],
    [25, 2207050, 'action_required', 'open_instagram_app'],
  ])('%s/%s marks the connection %s (%s)', (code, subcode, status, action) => {
    const verdict = verdictFor(graphError(code, subcode), business);
    expect(verdict).toMatchObject({ status, action });
    // The stored reason says what happened and what to do, never twice
    expect(patchFor(verdict!)).toEqual({ status, lastError: verdict!.reason });
    expect(verdict!.reason.match(/Reconnect the account|Connect the account again|Open the Instagram app/g)).toHaveLength(1);
  });

  it.each([
    ['an outage', 2, undefined],
    ['throttling', 80002, undefined],
    ['a media the builder could not fetch', 9004, 2207052],
    ['an invalid caption', 36004, 2207010],
    ['a full quota', 9, 2207042],
    ['a spam flag', 4, 2207051],
    ['a temporary block', 368, undefined],
  ])('leaves the connection alone for %s', (_label, code, subcode) => {
    expect(verdictFor(graphError(code, subcode), business)).toBeNull();
  });

  it('leaves the connection alone for anything that is not a Graph error', () => {
    expect(verdictFor(new Error('database down'), business)).toBeNull();
  });

  it('does not mark a Creator account refused a story: no login makes it a Business account', () => {
    const denied = graphError(10, undefined, ['instagram_business_content_publish']);
    expect(verdictFor(denied, creator, { postKind: 'story' })).toBeNull();
    expect(verdictFor(denied, business, { postKind: 'story' })).toMatchObject({ action: 'grant_permissions' });
    expect(verdictFor(denied, creator, { postKind: 'image' })).toMatchObject({ action: 'grant_permissions' });
  });

  it('reads the action back from what was stored', () => {
    const stored = (code: number, subcode?: number) => {
      const verdict = verdictFor(graphError(code, subcode), business)!;
      return { ...patchFor(verdict), isActive: true, accessToken: 'token' } as Connection;
    };
    expect(actionForStatus(stored(190, 460))).toBe('reconnect');
    expect(actionForStatus(stored(10))).toBe('grant_permissions');
    expect(actionForStatus(stored(190, 459))).toBe('open_instagram_app');
    expect(actionForStatus({ status: 'active', isActive: true, accessToken: 't', lastError: null } as Connection)).toBeNull();
    expect(actionForStatus({ status: 'deauthorized', isActive: false, accessToken: null, lastError: null } as Connection)).toBe('reconnect');
  });

  it('says why a marked connection cannot post, and what to do', () => {
    const base = { profile: { username: 'brand' }, instagramUserId: '1', isActive: true, accessToken: 't', lastError: 'Token revoked.' } as Connection;
    expect(unusableReason({ ...base, status: 'active' })).toBeNull();
    expect(unusableReason({ ...base, status: 'reconnect_needed' })).toBe('The Instagram account @brand needs to be reconnected (Token revoked.). Reconnect it, then retry this post.');
    expect(unusableReason({ ...base, status: 'action_required' })).toMatch(/^Instagram has restricted or checkpointed @brand: open the Instagram app/);
    expect(unusableReason({ ...base, status: 'deauthorized', isActive: false, accessToken: null })).toMatch(/was disconnected on Instagram/);
  });
});
