import { statusOf } from '../hooks/useApiError';
import { usePluginPermissions } from '../hooks/usePluginPermissions';
import { usePreview } from '../hooks/usePreview';
import { useT } from '../hooks/useT';
import { InstagramPanelContent } from './InstagramPanelContent';

/** What the Content Manager passes to every edit-view side panel (EditViewContext). */
export interface PanelProps {
  model: string;
  collectionType: string;
  documentId?: string;
  document?: {
    locale?: string | null;
    updatedAt?: string | null;
    publishedAt?: string | null;
    /** Content Manager v5: `draft` (never published), `published`, or `modified` since publishing. */
    status?: string | null;
  } & Record<string, unknown>;
  activeTab: 'draft' | 'published' | null;
}

/**
 * The "Instagram" side panel, registered with the Content Manager. Shown for saved entries of
 * mapped content types; the preview route answers 4xx for a type that is not mapped, and the
 * panel then stays out of the way.
 */
export const InstagramPanel = ({ model, documentId, document }: PanelProps) => {
  const t = useT();
  const permissions = usePluginPermissions();
  const saved = Boolean(documentId && documentId !== 'create' && document);
  const locale = (document?.locale as string | null | undefined) ?? null;
  const revision = document ? `${document.updatedAt ?? ''}|${document.publishedAt ?? ''}` : null;
  const active = saved && permissions.publicationsRead;
  // Instagram gets the published version: preview that one as soon as it exists.
  const publishState = document?.status === 'draft' ? 'draft' : document?.status === 'modified' ? 'modified' : 'published';
  const request = active
    ? { uid: model, documentId, ...(locale ? { locale } : {}), status: publishState === 'draft' ? ('draft' as const) : ('published' as const) }
    : null;
  const preview = usePreview(request, { delayMs: 0, revision });

  if (!active || !documentId) return null;
  // Wait for the first answer: a type that is not mapped never flashes an empty panel.
  if (!preview.data && !preview.error) return null;
  const status = statusOf(preview.error);
  // 403: the admin may not read this entry (the server names it); the panel says so. Other 4xx: not mapped.
  if (status !== undefined && status >= 400 && status < 500 && status !== 403) return null;
  // A mapping that exists but is switched off: no panel, as for an unmapped type.
  if (preview.data?.mapping && !preview.data.mapping.enabled) return null;

  return {
    title: t('panel.title'),
    content: (
      <InstagramPanelContent
        uid={model}
        documentId={documentId}
        locale={locale}
        revision={revision}
        publishState={publishState}
        preview={preview}
      />
    ),
  };
};
