import { useDebounce } from '@strapi/strapi/admin';
import { useInstagramApi, type PreviewPublication } from '../api';
import { useResource } from './useResource';

interface UsePreviewOptions {
  delayMs?: number;
  /** Changes when the entry changes (saved, published): the preview is asked again. */
  revision?: string | null;
}

/**
 * What the post would look like for a request (an entry, or a mapping being edited);
 * debounced so typing in the caption template does not fire one request per key.
 */
export const usePreview = (request: PreviewPublication.Request | null, { delayMs = 400, revision = null }: UsePreviewOptions = {}) => {
  const api = useInstagramApi();
  const body = request ? JSON.stringify(request) : null;
  const key = body ? `preview:${revision ?? ''}#${body}` : null;
  const debouncedKey = useDebounce(key, delayMs);
  // The request is read back from the debounced key, so what is loaded is always what the key names.
  return useResource(debouncedKey, () => api.preview(JSON.parse((debouncedKey as string).slice((debouncedKey as string).indexOf('#') + 1)) as PreviewPublication.Request));
};
