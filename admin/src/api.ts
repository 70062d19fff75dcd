import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type {
  CancelPublication,
  CreatePublication,
  DeleteComment,
  HideComment,
  ListComments,
  ReplyToComment,
  SetCommentsEnabled,
  DeleteConnection,
  GetAccountInsights,
  GetConfigStatus,
  GetPendingChoice,
  GetPublicationActivity,
  GetSettings,
  ListConnections,
  ListEndUserConnections,
  ListPublications,
  PreviewPublication,
  PublicationInsightsResponse,
  RefreshConnection,
  RetryPublication,
  RevokeEndUserConnection,
  SelectPendingPages,
  StartOAuth,
  UpdateSettings,
} from '../../server/src/contracts';
import { PLUGIN_ID } from './pluginId';

// The contract with the server: every type the admin reads or sends comes from there, none is copied.
export * from '../../server/src/contracts';

const base = `/${PLUGIN_ID}`;

const toSearch = (query: object) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
};

const path = (...parts: string[]) => `${base}/${parts.map(encodeURIComponent).join('/')}`;

/** Every call the admin makes to the plugin's admin routes, typed by the contract, through Strapi's fetch client. */
export const useInstagramApi = () => {
  const { get, post, put, del } = useFetchClient();

  return useMemo(
    () => ({
      getConfigStatus: async () => (await get<GetConfigStatus.Response>(`${base}/config-status`)).data.data,

      listConnections: async () => (await get<ListConnections.Response>(`${base}/connections`)).data.data,
      startOAuth: async (flow: StartOAuth.Request['flow']) =>
        (await post<StartOAuth.Response>(`${base}/oauth/start`, { flow } satisfies StartOAuth.Request)).data.data,
      getPending: async (id: string) => (await get<GetPendingChoice.Response>(path('oauth', 'pending', id))).data.data,
      selectPending: async (id: string, pageIds: string[]) =>
        (await post<SelectPendingPages.Response>(path('oauth', 'pending', id, 'select'), { pageIds } satisfies SelectPendingPages.Request)).data.data,
      refreshConnection: async (id: string) => (await post<RefreshConnection.Response>(path('connections', id, 'refresh'), {})).data.data,
      disconnect: async (id: string) => (await del<DeleteConnection.Response>(path('connections', id))).data.data,
      getAccountInsights: async (id: string, query: GetAccountInsights.Query = {}) =>
        (await get<GetAccountInsights.Response>(`${path('connections', id, 'insights')}${toSearch(query)}`)).data.data,

      listEndUserConnections: async (query: ListEndUserConnections.Query) =>
        (await get<ListEndUserConnections.Response>(`${base}/end-user-connections${toSearch(query)}`)).data,
      revokeEndUserConnection: async (id: string) =>
        (await del<RevokeEndUserConnection.Response>(path('end-user-connections', id))).data.data,

      getSettings: async () => (await get<GetSettings.Response>(`${base}/settings`)).data.data,
      saveSettings: async (mappings: UpdateSettings.Request['mappings']) =>
        (await put<UpdateSettings.Response>(`${base}/settings`, { mappings } satisfies UpdateSettings.Request)).data.data,
      preview: async (request: PreviewPublication.Request) => (await post<PreviewPublication.Response>(`${base}/preview`, request)).data.data,

      listPublications: async (query: ListPublications.Query) =>
        (await get<ListPublications.Response>(`${base}/publications${toSearch(query)}`)).data,
      createPublication: async (request: CreatePublication.Request) =>
        (await post<CreatePublication.Response>(`${base}/publications`, request)).data.data,
      retryPublication: async (id: string, request: RetryPublication.Request = {}) =>
        (await post<RetryPublication.Response>(path('publications', id, 'retry'), request)).data.data,
      cancelPublication: async (id: string) => (await post<CancelPublication.Response>(path('publications', id, 'cancel'), {})).data.data,
      getPublicationInsights: async (id: string) => (await get<PublicationInsightsResponse>(path('publications', id, 'insights'))).data.data,
      getPublicationActivity: async (id: string) => (await get<GetPublicationActivity.Response>(path('publications', id, 'activity'))).data.data,

      listComments: async (id: string, query: ListComments.Query = {}) =>
        (await get<ListComments.Response>(`${path('publications', id, 'comments')}${toSearch(query)}`)).data,
      replyToComment: async (id: string, commentId: string, message: string) =>
        (await post<ReplyToComment.Response>(path('publications', id, 'comments', commentId, 'replies'), { message } satisfies ReplyToComment.Request)).data.data,
      hideComment: async (id: string, commentId: string, hidden: boolean) =>
        (await post<HideComment.Response>(path('publications', id, 'comments', commentId, 'hide'), { hidden } satisfies HideComment.Request)).data.data,
      deleteComment: async (id: string, commentId: string) => (await del<DeleteComment.Response>(path('publications', id, 'comments', commentId))).data.data,
      setCommentsEnabled: async (id: string, enabled: boolean) =>
        (await post<SetCommentsEnabled.Response>(path('publications', id, 'comments-enabled'), { enabled } satisfies SetCommentsEnabled.Request)).data.data,
    }),
    [get, post, put, del]
  );
};

export type InstagramApi = ReturnType<typeof useInstagramApi>;
