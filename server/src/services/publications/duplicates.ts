import { getPluginConfig } from '../../config/resolve';
import { dedupeKeyOf, describeHolder, findKeyHolder, holderSummary, type DuplicateSubject } from '../../publishing/duplicates';
import { mappedType, planEntry } from '../../publishing/entry-source';
import type { Connection } from '../../store/types';
import { ERROR_NAMES } from '../../contracts';
import { conflict } from '../../utils/errors';
import { getService } from '../../utils/get-service';
import type { PublicationsContext } from './context';

export interface DuplicateTarget {
  connection: Connection;
  uid: string;
  documentId: string;
  locale: string | null;
}

/**
 * The route-side half of "never post twice": before an editor's post now, schedule or retry is
 * queued, the entry's current content is compared with what the account already got, so the editor
 * is asked (409 naming the post) instead of finding a cancelled row later. The worker's unique key
 * stays the guarantee; this is the courtesy.
 */
export const createDuplicateCheck = (context: PublicationsContext) => {
  const { strapi } = context;

  /** What the worker would post for the entry now (the same source, without preparing files), or null when it could not post. */
  const currentPlan = async (input: { uid: string; documentId: string; locale: string | null; captionOverride: string | null }) => {
    const mapped = await mappedType(strapi, input.uid);
    if (!mapped) return null;
    const config = getPluginConfig(strapi);
    const settings = { worker: config.worker, sandbox: config.sandbox, publicUrl: getService(strapi, 'urls').publicUrl() };
    return (await planEntry(strapi, mapped, input, false, settings))?.plan ?? null;
  };

  /**
   * Throws 409 `DuplicatePostError` when a publication holds the key of this content (its plan's
   * hash) on the account: the entry side's check below, and end users' posts (their own plan).
   */
  const refuseContent = async (target: DuplicateTarget, contentHash: string, options: { exceptId?: string; subject?: DuplicateSubject; advice?: string } = {}) => {
    const key = dedupeKeyOf({ instagramUserId: target.connection.instagramUserId, uid: target.uid, documentId: target.documentId, locale: target.locale, contentHash });
    const holder = await findKeyHolder(context.store(), key, options.exceptId);
    if (!holder) return;
    const username = holder.accountUsername ?? (target.connection.profile.username || null);
    const message = `${describeHolder(holder, username, options.subject)} ${options.advice ?? 'Confirm to post it again.'}`;
    throw conflict(message, { existing: holderSummary(holder, username) }, ERROR_NAMES.duplicatePost);
  };

  return {
    refuseContent,

    /** Throws 409 `DuplicatePostError` when this content of the entry already went (or goes) to the account. */
    async refuse(target: DuplicateTarget, captionOverride: string | null, exceptId?: string) {
      const plan = await currentPlan({ uid: target.uid, documentId: target.documentId, locale: target.locale, captionOverride });
      if (plan) await refuseContent(target, plan.contentHash, { exceptId });
    },
  };
};
