import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useState } from 'react';
import { type LoginKind, useInstagramApi } from '../api';
import { useApiError } from './useApiError';

/**
 * Starts an OAuth flow: asks the server for Meta's authorize URL, then leaves the admin for
 * it (a full-page navigation: Meta's pages cannot be framed). Meta sends the browser back to
 * the settings page through the plugin's callback.
 */
export const useStartOAuth = () => {
  const api = useInstagramApi();
  const { toggleNotification } = useNotification();
  const formatError = useApiError();
  const [startingFlow, setStartingFlow] = useState<LoginKind | null>(null);

  const start = useCallback(
    async (flow: LoginKind) => {
      setStartingFlow(flow);
      try {
        const { authUrl } = await api.startOAuth(flow);
        window.location.assign(authUrl);
      } catch (error) {
        setStartingFlow(null);
        toggleNotification({ type: 'danger', message: formatError(error) });
      }
    },
    [api, formatError, toggleNotification]
  );

  return { start, startingFlow };
};
