import { useNotification } from '@strapi/strapi/admin';
import { OAUTH_ERROR_CODES, isOneOf } from '../api';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { type TranslationKey, useT } from './useT';


export interface OAuthReturn {
  /** Set after a Facebook Login with several qualifying Pages: the picker opens for it. */
  pendingId: string | null;
  clearPending: () => void;
  /** Ids just connected (cards get highlighted and the list reloads). */
  connectedIds: string[];
}

/**
 * Reads what the OAuth callback put in the URL (`?connected=`, `?error=&message=`,
 * `?pending=`), says it once as a notification, then removes it from the address bar so a
 * reload does not repeat it.
 */
export const useOAuthReturn = (): OAuthReturn => {
  const location = useLocation();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const t = useT();
  const [pendingId, setPendingId] = useState<string | null>(null);
  const [connectedIds, setConnectedIds] = useState<string[]>([]);
  const handled = useRef<string | null>(null);

  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const connected = params.get('connected');
    const error = params.get('error');
    const pending = params.get('pending');
    if (!connected && !error && !pending) return;
    if (handled.current === location.search) return;
    handled.current = location.search;

    if (connected) {
      const ids = connected.split(',').filter(Boolean);
      setConnectedIds(ids);
      toggleNotification({ type: 'success', message: t('oauth.connected', { count: ids.length }) });
    }
    if (error) {
      const code = isOneOf(OAUTH_ERROR_CODES, error) ? error : 'unknown';
      const title = t(`oauth.error.${code}` as TranslationKey);
      const detail = params.get('message');
      toggleNotification({
        type: code === 'cancelled' ? 'info' : 'danger',
        title,
        message: detail && detail !== title ? detail : t('oauth.error.hint'),
        timeout: 12000,
      });
    }
    if (pending) setPendingId(pending);

    for (const name of ['connected', 'error', 'message', 'pending']) params.delete(name);
    const rest = params.toString();
    navigate({ pathname: location.pathname, search: rest ? `?${rest}` : '' }, { replace: true });
  }, [location.pathname, location.search, navigate, t, toggleNotification]);

  return { pendingId, clearPending: () => setPendingId(null), connectedIds };
};
