/** `api::article.article` → `Article`: a readable fallback when no display name is known. */
export const shortUid = (uid: string): string => {
  const name = (uid.split('.').pop() ?? uid).replace(/[-_]+/g, ' ');
  return name.charAt(0).toUpperCase() + name.slice(1);
};

/** The Content Manager's edit view of an entry, relative to the admin root. */
export const editViewPath = (uid: string, documentId: string, locale?: string | null): string => {
  const search = locale ? `?plugins[i18n][locale]=${encodeURIComponent(locale)}` : '';
  return `/content-manager/collection-types/${uid}/${documentId}${search}`;
};
