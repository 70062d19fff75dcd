import { parseJsonKeepingBigInts, quoteUnsafeIntegers } from '../../../server/src/instagram/json';

describe('parseJsonKeepingBigInts', () => {
  it('keeps integers beyond 2^53 as exact strings, and safe numbers as numbers', () => {
    const parsed = parseJsonKeepingBigInts('{"user_id":17841400000000001,"count":42,"neg":-17841400000000001,"ratio":0.5,"exp":1e21}');
    expect(parsed).toEqual({ user_id: '17841400000000001', count: 42, neg: '-17841400000000001', ratio: 0.5, exp: 1e21 });
  });

  it('keeps the boundary: 2^53-1 stays a number, 2^53+1 becomes a string', () => {
    expect(parseJsonKeepingBigInts('[9007199254740991,9007199254740993]')).toEqual([9007199254740991, '9007199254740993']);
  });

  it('never touches digits inside strings, including escaped quotes', () => {
    const text = '{"a":"id 17841400000000001 \\" 17841400000000002","b":[17841400000000003]}';
    expect(parseJsonKeepingBigInts(text)).toEqual({ a: 'id 17841400000000001 " 17841400000000002', b: ['17841400000000003'] });
  });

  it('returns the text unchanged when there is nothing to quote', () => {
    const text = '{"id":"17841400000000001","n":1}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });

  it('still rejects invalid JSON', () => {
    expect(() => parseJsonKeepingBigInts('{"a":')).toThrow();
  });
});
