import { useCallback } from 'react';
import type { PublicationView } from '../api';
import { publicationAccount } from '../utils/publications';
import { useT } from './useT';

/** "@user", or "@user (disconnected)" once that account is gone; null when none was recorded. */
export const useAccountText = () => {
  const t = useT();
  return useCallback(
    (publication: Pick<PublicationView, 'connection'>): string | null => {
      const account = publicationAccount(publication);
      if (!account) return null;
      return account.connected ? account.handle : t('publication.account.disconnected', { account: account.handle });
    },
    [t]
  );
};
