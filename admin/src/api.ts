import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { PLUGIN_ID } from './pluginId';
import type {
  ConfigStatus,
  ConnectionView,
  CreatePublicationRequest,
  DisconnectResult,
  LoginFlow,
  Mapping,
  PaginationMeta,
  PendingChoice,
  PluginSettings,
  Preview,
  PreviewRequest,
  PublicationQuery,
  PublicationView,
} from './types';

export * from './types';

const base = `/${PLUGIN_ID}`;

const toSearch = (query: object) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** Every call the admin makes to the plugin's admin routes, typed, through Strapi's fetch client. */
export const useInstagramApi = () => {
  const { get, post, put, del } = useFetchClient();

  return useMemo(
    () => ({
      getConfigStatus: async () => (await get<{ data: ConfigStatus }>(`${base}/config-status`)).data.data,

      listConnections: async () => (await get<{ data: ConnectionView[] }>(`${base}/connections`)).data.data,
      startOAuth: async (flow: LoginFlow) =>
        (await post<{ data: { authUrl: string } }>(`${base}/oauth/start`, { flow })).data.data,
      getPending: async (id: string) =>
        (await get<{ data: PendingChoice }>(`${base}/oauth/pending/${encodeURIComponent(id)}`)).data.data,
      selectPending: async (id: string, pageIds: string[]) =>
        (await post<{ data: ConnectionView[] }>(`${base}/oauth/pending/${encodeURIComponent(id)}/select`, { pageIds }))
          .data.data,
      refreshConnection: async (id: string) =>
        (await post<{ data: ConnectionView }>(`${base}/connections/${encodeURIComponent(id)}/refresh`, {})).data.data,
      disconnect: async (id: string) =>
        (await del<{ data: DisconnectResult }>(`${base}/connections/${encodeURIComponent(id)}`)).data.data,

      getSettings: async () => (await get<{ data: PluginSettings }>(`${base}/settings`)).data.data,
      saveSettings: async (mappings: Record<string, Mapping>) =>
        (await put<{ data: PluginSettings }>(`${base}/settings`, { mappings })).data.data,
      preview: async (request: PreviewRequest) => (await post<{ data: Preview }>(`${base}/preview`, request)).data.data,

      listPublications: async (query: PublicationQuery) =>
        (
          await get<{ data: PublicationView[]; meta: { pagination: PaginationMeta } }>(
            `${base}/publications${toSearch(query)}`
          )
        ).data,
      createPublication: async (request: CreatePublicationRequest) =>
        (await post<{ data: PublicationView }>(`${base}/publications`, request)).data.data,
      retryPublication: async (id: string, options: { confirmDuplicate?: boolean } = {}) =>
        (await post<{ data: PublicationView }>(`${base}/publications/${encodeURIComponent(id)}/retry`, options)).data.data,
      cancelPublication: async (id: string) =>
        (await post<{ data: PublicationView }>(`${base}/publications/${encodeURIComponent(id)}/cancel`, {})).data.data,
    }),
    [get, post, put, del]
  );
};

export type InstagramApi = ReturnType<typeof useInstagramApi>;
