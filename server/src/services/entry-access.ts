import type { Core } from '@strapi/strapi';
import { getContentType, type ContentTypeInfo } from '../publishing/content-types';
import { forbidden } from '../utils/errors';

/** The admin's CASL ability, set by Strapi's admin auth on every admin route (`ctx.state.userAbility`). */
export type AdminAbility = unknown;

export interface EntryRef {
  uid: string;
  documentId: string;
  locale?: string | null;
  /** Which version to check; ignored by types without draft & publish. */
  status?: 'draft' | 'published';
}

interface PermissionChecker {
  cannot: { read(entity?: unknown): boolean };
  requiresEntity: { read(): boolean };
  sanitizedQuery: { read(query: Record<string, unknown>): Promise<{ filters?: Record<string, unknown> }> };
}

const keyOf = (uid: string, documentId: string, locale: string | null) => `${uid}\u0000${documentId}\u0000${locale ?? ''}`;

/**
 * The Content Manager's own read rules applied to the plugin's routes: an admin the Content Manager
 * would refuse an entry (no read permission on its type, a condition such as "is creator" that the
 * entry fails, or a locale outside the role's) gets the same refusal from the plugin, before anything
 * of the entry is read or queued.
 *
 * The check goes through the Content Manager's permission checker, so conditions resolve exactly as
 * in its list view: the role's rules become query filters (joins included), and the entry is looked
 * up with them.
 */
export const createEntryAccessService = ({ strapi }: { strapi: Core.Strapi }) => {
  const checkerFor = (ability: AdminAbility, uid: string): PermissionChecker =>
    strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ability, model: uid });

  const describe = (type: ContentTypeInfo | null, ref: EntryRef) =>
    `${type?.displayName ?? ref.uid} "${ref.documentId}"${ref.locale ? ` (${ref.locale})` : ''}`;

  const refuse = (type: ContentTypeInfo | null, ref: EntryRef) =>
    forbidden(`You are not allowed to read ${describe(type, ref)} in the Content Manager, so it cannot be previewed or posted.`, {
      uid: ref.uid,
      documentId: ref.documentId,
      locale: ref.locale ?? null,
    });

  /** The read filters of `ability` for `uid` (undefined: every entry of the type is readable). */
  const readFilters = async (checker: PermissionChecker) => (await checker.sanitizedQuery.read({})).filters;

  const documents = (uid: string) => strapi.documents(uid as any) as any;

  const service = {
    /**
     * Throws 403 when the entry exists and `ability` may not read it in the Content Manager. An
     * entry that does not exist (in that locale and version) reveals nothing: the caller reports it
     * as it does for anyone. Without an ability (plugin code, scripts) it allows.
     */
    async assertCanRead(ability: AdminAbility | undefined, ref: EntryRef): Promise<void> {
      if (!ability) return;
      const type = getContentType(strapi, ref.uid);
      const checker = checkerFor(ability, ref.uid);
      if (checker.cannot.read()) throw refuse(type, ref);
      if (!checker.requiresEntity.read()) return;
      const params: Record<string, unknown> = { fields: ['documentId'] };
      if (type?.localized && ref.locale) params.locale = ref.locale;
      if (type?.draftAndPublish) params.status = ref.status ?? 'draft';
      const permitted = await documents(ref.uid).findFirst({ ...params, filters: { $and: [{ documentId: ref.documentId }, (await readFilters(checker)) ?? {}] } });
      if (permitted) return;
      const exists = await documents(ref.uid).findFirst({ ...params, filters: { documentId: ref.documentId } });
      if (exists) throw refuse(type, ref);
    },

    /**
     * Filters that restrict a Document Service query of `uid` to what `ability` may read (for "the
     * latest entry" lookups); throws 403 when it may read none of the type.
     */
    async readableFilters(ability: AdminAbility | undefined, uid: string): Promise<Record<string, unknown> | undefined> {
      if (!ability) return undefined;
      const checker = checkerFor(ability, uid);
      if (checker.cannot.read()) throw refuse(getContentType(strapi, uid), { uid, documentId: '*' });
      return checker.requiresEntity.read() ? readFilters(checker) : undefined;
    },

    /**
     * Which of these entries `ability` may read, answered for a whole page at once (one query per
     * content type whose rules have conditions). An entry deleted since cannot be checked and counts
     * as unreadable for conditional rules.
     */
    async readableSet(ability: AdminAbility | undefined, refs: EntryRef[]): Promise<(ref: EntryRef) => boolean> {
      if (!ability) return () => true;
      const byUid = new Map<string, EntryRef[]>();
      for (const ref of refs) byUid.set(ref.uid, [...(byUid.get(ref.uid) ?? []), ref]);
      const everything = new Set<string>();
      const nothing = new Set<string>();
      const readable = new Set<string>();
      for (const [uid, group] of byUid) {
        const type = getContentType(strapi, uid);
        if (!type) {
          nothing.add(uid);
          continue;
        }
        const checker = checkerFor(ability, uid);
        if (checker.cannot.read()) {
          nothing.add(uid);
          continue;
        }
        if (!checker.requiresEntity.read()) {
          everything.add(uid);
          continue;
        }
        const rows = (await documents(uid).findMany({
          fields: ['documentId', ...(type.localized ? ['locale'] : [])],
          ...(type.localized ? { locale: '*' } : {}),
          ...(type.draftAndPublish ? { status: 'draft' } : {}),
          filters: { $and: [{ documentId: { $in: [...new Set(group.map((ref) => ref.documentId))] } }, (await readFilters(checker)) ?? {}] },
        })) as Array<{ documentId: string; locale?: string | null }>;
        for (const row of rows) readable.add(keyOf(uid, row.documentId, type.localized ? (row.locale ?? null) : null));
      }
      return (ref) =>
        everything.has(ref.uid) || (!nothing.has(ref.uid) && readable.has(keyOf(ref.uid, ref.documentId, getContentType(strapi, ref.uid)?.localized ? (ref.locale ?? null) : null)));
    },
  };
  return service;
};

export type EntryAccessService = ReturnType<typeof createEntryAccessService>;
