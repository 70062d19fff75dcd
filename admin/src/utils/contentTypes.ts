/** `api::article.article` → `article`: a readable fallback when no display name is known. */
export const shortUid = (uid: string): string => uid.split('.').pop() ?? uid;

/** The Content Manager's edit view of an entry, relative to the admin root. */
export const editViewPath = (uid: string, documentId: string, locale?: string | null): string => {
  const search = locale ? `?plugins[i18n][locale]=${encodeURIComponent(locale)}` : '';
  return `/content-manager/collection-types/${uid}/${documentId}${search}`;
};
