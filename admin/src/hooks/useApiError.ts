import { useAPIErrorHandler } from '@strapi/strapi/admin';
import { useCallback } from 'react';

/** Turns whatever a call threw into the message Strapi would show (server message first). */
export const useApiError = () => {
  const { formatAPIError } = useAPIErrorHandler();
  return useCallback(
    (error: unknown): string => {
      if (error && typeof error === 'object' && 'name' in error && (error as { name: string }).name === 'FetchError') {
        return formatAPIError(error as Parameters<typeof formatAPIError>[0]);
      }
      return error instanceof Error ? error.message : String(error);
    },
    [formatAPIError]
  );
};

/** HTTP status of a failed fetch-client call, if any. */
export const statusOf = (error: unknown): number | undefined => {
  const status = (error as { status?: number; response?: { status?: number } } | null)?.status;
  return status ?? (error as { response?: { status?: number } } | null)?.response?.status;
};
