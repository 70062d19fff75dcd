import { useDebounce } from '@strapi/strapi/admin';
import { useInstagramApi, type PreviewRequest } from '../api';
import { useRemote } from './useRemote';

interface UsePreviewOptions {
  delayMs?: number;
  /** Changes when the entry changes (saved, published): the preview is asked again. */
  revision?: string | null;
}

/**
 * What the post would look like for a request (an entry, or a mapping being edited);
 * debounced so typing in the caption template does not fire one request per key.
 */
export const usePreview = (request: PreviewRequest | null, { delayMs = 400, revision = null }: UsePreviewOptions = {}) => {
  const api = useInstagramApi();
  const body = request ? JSON.stringify(request) : null;
  const key = body ? `${body}#${revision ?? ''}` : null;
  const debouncedKey = useDebounce(key, delayMs);
  return useRemote(debouncedKey, () => api.preview(JSON.parse((debouncedKey as string).slice(0, (debouncedKey as string).lastIndexOf('#'))) as PreviewRequest));
};
