import { parseAppUsage, parseBusinessUseCaseUsage, peakOf, readUsageHeaders } from '../../../server/src/instagram/usage';

describe('usage headers', () => {
  it('reads X-App-Usage counters as percentages', () => {
    expect(parseAppUsage('{"call_count":28,"total_cputime":25,"total_time":91}')).toEqual({ callCount: 28, totalCputime: 25, totalTime: 91 });
  });

  it('ignores absent, unreadable or unrelated X-App-Usage', () => {
    expect(parseAppUsage(undefined)).toBeUndefined();
    expect(parseAppUsage('not json')).toBeUndefined();
    expect(parseAppUsage('{"foo":1}')).toBeUndefined();
    expect(parseAppUsage('[1,2]')).toBeUndefined();
  });

  it('treats a negative or non-numeric counter as 0', () => {
    expect(parseAppUsage('{"call_count":-5,"total_cputime":"x","total_time":"12"}')).toEqual({ callCount: 0, totalCputime: 0, totalTime: 12 });
  });

  it('reads X-Business-Use-Case-Usage per account id, with the regain hint in ms', () => {
    // Given: two accounts, the second with two use-case types
    const raw = JSON.stringify({
      '17841400000000001': [{ type: 'instagram', call_count: 96, total_cputime: 10, total_time: 20, estimated_time_to_regain_access: 0 }],
      '17841400000000002': [
        { type: 'instagram', call_count: 50, total_cputime: 80, total_time: 20, estimated_time_to_regain_access: 3 },
        { type: 'pages', call_count: 70, total_cputime: 10, total_time: 99, estimated_time_to_regain_access: 1 },
      ],
    });
    // When
    const usage = parseBusinessUseCaseUsage(raw);
    // Then: the highest counter of each kind and the longest hint win
    expect(usage).toEqual([
      { id: '17841400000000001', counters: { callCount: 96, totalCputime: 10, totalTime: 20 }, regainAccessMs: 0 },
      { id: '17841400000000002', counters: { callCount: 70, totalCputime: 80, totalTime: 99 }, regainAccessMs: 180_000 },
    ]);
    expect(peakOf(usage[1].counters)).toBe(99);
  });

  it('skips keys that are not ids and entries without counters', () => {
    expect(parseBusinessUseCaseUsage(JSON.stringify({ abc: [{ call_count: 5 }], '12': [{ type: 'x' }] }))).toEqual([]);
  });

  it('reads both headers whatever their case', () => {
    const report = readUsageHeaders({
      'X-App-Usage': '{"call_count":80,"total_cputime":1,"total_time":1}',
      'x-business-use-case-usage': '{"42":[{"type":"instagram","call_count":1,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":0}]}',
    });
    expect(report.app?.callCount).toBe(80);
    expect(report.accounts.map((a) => a.id)).toEqual(['42']);
    expect(readUsageHeaders(undefined)).toEqual({ accounts: [] });
  });
});
