import { useAPIErrorHandler } from '@strapi/strapi/admin';
import { useCallback } from 'react';
import { describeApiError, withoutFieldPrefix } from '../utils/api-errors';
import { fieldLabelKey } from '../utils/field-labels';
import { useT } from './useT';

/**
 * Turns whatever a call threw into a message for an editor: the server's own sentence, each
 * failing field named by its label (never by its request name); Strapi's wording otherwise.
 */
export const useApiError = () => {
  const { formatAPIError } = useAPIErrorHandler();
  const t = useT();
  return useCallback(
    (error: unknown): string => {
      const described = describeApiError(error, (path) => {
        const key = fieldLabelKey(path);
        return key ? t(key) : null;
      });
      if (described) return described;
      if (error && typeof error === 'object' && 'name' in error && (error as { name: string }).name === 'FetchError') {
        return withoutFieldPrefix(formatAPIError(error as Parameters<typeof formatAPIError>[0]));
      }
      return error instanceof Error ? error.message : String(error);
    },
    [formatAPIError, t]
  );
};

/** HTTP status of a failed fetch-client call, if any. */
export const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: number; response?: { status?: number } } | null)?.status;
  return status ?? (error as { response?: { status?: number } } | null)?.response?.status;
};
