import { useEffect, useRef } from 'react';
import { useInstagramApi } from '../api';
import { activityMarker, createChangeDetector } from '../utils/activity';
import { pageVisible } from './useResource';

/** How often an open comments list asks whether a comment arrived: one small read. */
export const ACTIVITY_POLL_MS = 4000;

/**
 * While `publicationId` is set (the comments list is open) and the tab is visible, reads the post's
 * activity (GET /publications/:id/activity) every few seconds and calls `onChange` when its comment
 * count or last comment moved since the previous read: a comment Instagram notified arrived. Stops
 * when the id is cleared and on unmount.
 */
export const useCommentActivity = (publicationId: string | null, onChange: () => void, intervalMs = ACTIVITY_POLL_MS) => {
  const api = useInstagramApi();
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!publicationId) return undefined;
    const changed = createChangeDetector();
    let stopped = false;
    let reading = false;
    const tick = async () => {
      if (reading || !pageVisible()) return;
      reading = true;
      try {
        const activity = await api.getPublicationActivity(publicationId);
        if (changed(activityMarker(activity)) && !stopped) onChangeRef.current();
      } catch {
        // A failed read is tried again at the next tick; the list reports its own load errors.
      } finally {
        reading = false;
      }
    };
    void tick();
    const timer = window.setInterval(() => void tick(), intervalMs);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [api, publicationId, intervalMs]);
};
