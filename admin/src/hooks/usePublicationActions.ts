import { useNotification } from '@strapi/strapi/admin';
import { useCallback, useState } from 'react';
import { type CreatePublication, type PublicationView, useInstagramApi } from '../api';
import { duplicateOf } from '../utils/api-errors';
import { useApiError } from './useApiError';
import { useDuplicateConfirmation } from './useDuplicateConfirmation';
import { PUBLICATIONS } from './usePublications';
import { invalidateResources } from './useResource';
import { useT } from './useT';

interface RunOptions {
  /** Answers true when the caller showed the error itself (no toast then). */
  handled?: (error: unknown) => boolean;
}

/**
 * Publish now / schedule / retry / cancel, each saying how it went; every publication list on screen
 * reloads after a change.
 * A post this version already made on the account is refused by the server (409): the editor
 * is asked, naming that post, and only a yes sends it again with `confirmDuplicate`.
 * Render `<DuplicatePostDialog {...actions.duplicate} />` next to the buttons.
 */
export const usePublicationActions = () => {
  const api = useInstagramApi();
  const t = useT();
  const formatError = useApiError();
  const { toggleNotification } = useNotification();
  const { ask, question } = useDuplicateConfirmation();
  const [busy, setBusy] = useState<string | null>(null);

  const run = useCallback(
    async (key: string, action: (confirmDuplicate: boolean) => Promise<PublicationView>, success: string, options: RunOptions = {}) => {
      setBusy(key);
      try {
        let publication: PublicationView;
        try {
          publication = await action(false);
        } catch (error) {
          const existing = duplicateOf(error);
          if (!existing) throw error;
          if (!(await ask(existing))) return null;
          publication = await action(true);
        }
        toggleNotification({ type: 'success', message: success });
        await invalidateResources(PUBLICATIONS);
        return publication;
      } catch (error) {
        if (!options.handled?.(error)) toggleNotification({ type: 'danger', message: formatError(error) });
        return null;
      } finally {
        setBusy(null);
      }
    },
    [ask, formatError, toggleNotification]
  );

  return {
    busy,
    duplicate: question,
    create: (request: CreatePublication.Request, options?: RunOptions) =>
      run(
        request.scheduledAt ? 'schedule' : 'publish',
        (confirmDuplicate) => api.createPublication(confirmDuplicate ? { ...request, confirmDuplicate } : request),
        t(request.scheduledAt ? 'panel.scheduled' : 'panel.queued'),
        options
      ),
    retry: (id: string) =>
      run(`retry:${id}`, (confirmDuplicate) => api.retryPublication(id, confirmDuplicate ? { confirmDuplicate } : {}), t('publication.retried')),
    cancel: (id: string) => run(`cancel:${id}`, () => api.cancelPublication(id), t('publication.cancelledDone')),
  };
};
