import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useState } from 'react';
import { type CreatePublicationRequest, type PublicationView, useInstagramApi } from '../api';
import { useApiError } from './useApiError';
import { useT } from './useT';

/** Publish now / schedule / retry / cancel, each saying how it went; `onDone` reloads the list. */
export const usePublicationActions = (onDone: () => unknown) => {
  const api = useInstagramApi();
  const t = useT();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async (key: string, action: () => Promise<PublicationView>, success: string) => {
      setBusy(key);
      try {
        const publication = await action();
        toggleNotification({ type: 'success', message: success });
        await onDone();
        return publication;
      } catch (error) {
        toggleNotification({ type: 'danger', message: formatError(error) });
        return null;
      } finally {
        setBusy(null);
      }
    },
    [formatError, onDone, toggleNotification]
  );

  return {
    busy,
    create: (request: CreatePublicationRequest) =>
      run(
        request.scheduledAt ? 'schedule' : 'publish',
        () => api.createPublication(request),
        t(request.scheduledAt ? 'panel.scheduled' : 'panel.queued')
      ),
    retry: (id: string) => run(`retry:${id}`, () => api.retryPublication(id), t('publication.retried')),
    cancel: (id: string) => run(`cancel:${id}`, () => api.cancelPublication(id), t('publication.cancelledDone')),
  };
};
