import { checkReturnTo, returnToWith } from '../../../../server/src/services/end-users/return-to';

const ALLOWED = ['https://app.example.test/app', 'https://app.example.test/settings/', 'http://localhost:3000/'];

describe('checkReturnTo', () => {
  it.each([
    ['https://app.example.test/app', 'https://app.example.test/app'],
    ['https://app.example.test/app/integrations?tab=1#x', 'https://app.example.test/app/integrations?tab=1#x'],
    ['https://APP.example.test:443/app/./a/../b', 'https://app.example.test/app/b'],
    ['https://app.example.test/settings/', 'https://app.example.test/settings/'],
    ['https://app.example.test/settings/instagram', 'https://app.example.test/settings/instagram'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    ['http://localhost:3000', 'http://localhost:3000/'],
    ['http://localhost:3000/deep/page', 'http://localhost:3000/deep/page'],
  ])('admits %s as %s', (returnTo, normalised) => {
    expect(checkReturnTo(returnTo, ALLOWED)).toEqual({ ok: true, url: normalised });
  });

  it.each([
    ['https://app.example.test/application', /under one of/],
    ['https://app.example.test/ap', /under one of/],
    ['https://app.example.test/settings', /under one of/],
    ['https://app.example.test/app/../admin', /under one of/],
    ['https://app.example.test/app/%2E%2E/admin', /under one of/],
    ['https://app.example.test/app/..%2fadmin', /encoded slash/],
    ['https://app.example.test/app/..%5Cadmin', /encoded slash/],
    ['https://app.example.test:444/app', /under one of/],
    ['http://app.example.test/app', /under one of/],
    ['https://evil.example/app', /under one of/],
    ['https://app.example.test.evil.example/app', /under one of/],
    ['https://user@app.example.test/app', /credentials/],
    ['https://:pw@app.example.test/app', /credentials/],
    ['http://localhost:3000@evil.example/', /credentials/],
    ['/app', /absolute/],
    ['//app.example.test/app', /absolute/],
    ['javascript:alert(1)//https://app.example.test/app', /absolute/],
    ['data:text/html,hi', /absolute/],
    ['', /absolute/],
  ])('refuses %s', (returnTo, reason) => {
    const checked = checkReturnTo(returnTo, ALLOWED);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(reason);
  });

  it('refuses everything, saying why, when no return URL is configured', () => {
    expect(checkReturnTo('http://localhost:3000/', [])).toEqual({ ok: false, reason: expect.stringMatching(/endUsers.returnUrls/) });
  });
});

describe('returnToWith', () => {
  it('adds the outcome, keeps the page’s own query and fragment, and replaces outcome names it held', () => {
    const url = new URL(returnToWith('https://app.example.test/app?tab=ig&result=old&error=x#top', { result: 'abc' }));
    expect([...url.searchParams.entries()]).toEqual([['tab', 'ig'], ['result', 'abc']]);
    expect(url.hash).toBe('#top');
    const failed = new URL(returnToWith('https://app.example.test/app', { error: 'cancelled', message: 'Was cancelled & gone' }));
    expect(failed.searchParams.get('message')).toBe('Was cancelled & gone');
    expect(failed.searchParams.get('result')).toBeNull();
  });
});
