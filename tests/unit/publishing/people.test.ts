import { parseUserTags, parseUsernames } from '../../../server/src/publishing/plan';

describe('reading people from entry fields', () => {
  it.each([
    ['a comma list', 'ana, ben;cleo', ['ana', 'ben', 'cleo']],
    ['free text with @handles', 'Shot with @ana and @ben.', ['ana', 'ben']],
    ['a JSON array', '["@ana","ben"]', ['ana', 'ben']],
    ['an array value (json field)', ['ana', { username: '@ben' }], ['ana', 'ben']],
    ['duplicates and invalid names', '@ana @ana @not-valid!', ['ana']],
    ['nothing', null, []],
  ])('usernames from %s', (_name, value, expected) => {
    expect(parseUsernames(value)).toEqual(expected);
  });

  it('tags people at the centre unless JSON gives a position, and reports bad positions', () => {
    const errors: string[] = [];
    expect(parseUserTags('@ana', errors)).toEqual([{ username: 'ana', x: 0.5, y: 0.5 }]);
    expect(parseUserTags('[{"username":"ben","x":0.1,"y":0.9}, "cleo"]', errors)).toEqual([
      { username: 'ben', x: 0.1, y: 0.9 },
      { username: 'cleo', x: 0.5, y: 0.5 },
    ]);
    expect(errors).toEqual([]);
    expect(parseUserTags('[{"username":"ben","x":2,"y":0}]', errors)).toEqual([]);
    expect(parseUserTags('[not json', errors)).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/x and y between 0 and 1/), 'The user tags are not valid JSON.']);
  });
});
