import { accountOf, soleActiveConnection } from '../../../server/src/publishing/accounts';
import type { Connection } from '../../../server/src/store/types';
import { connection } from './harness';

const other = (overrides: Partial<Connection>): Connection => ({ ...connection, id: 'c2', instagramUserId: '1785', ...overrides });

describe('the active accounts', () => {
  it('picks the only account a post could go to, leaving out switched-off, unhealthy and tokenless ones', () => {
    const connections = [
      connection,
      other({ isActive: false }),
      other({ status: 'reconnect_needed' }),
      other({ status: 'action_required' }),
      other({ accessToken: null }),
    ];
    expect(soleActiveConnection(connections)).toEqual({ connection });
  });

  it('says whether none or several accounts are active', () => {
    expect(soleActiveConnection([])).toEqual({ missing: 'none' });
    expect(soleActiveConnection([other({ status: 'deauthorized', accessToken: null })])).toEqual({ missing: 'none' });
    expect(soleActiveConnection([connection, other({})])).toEqual({ missing: 'several' });
  });

  it('posts with the connection\'s login host, professional account id and token', () => {
    expect(accountOf(other({ loginKind: 'facebook', accessToken: 'EAAB-page' }))).toEqual({ host: 'facebook', igUserId: '1785', accessToken: 'EAAB-page' });
  });
});
