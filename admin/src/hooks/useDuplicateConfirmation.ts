import { useCallback, useRef, useState } from 'react';
import type { ExistingPost } from '../utils/api-errors';

export interface DuplicateQuestion {
  /** The post this version already made; null while nothing is asked. */
  existing: ExistingPost | null;
  onAnswer: (postAgain: boolean) => void;
}

/**
 * Asks the editor whether to post again a version that is already on Instagram: `ask` opens the
 * question and resolves with the answer (false when the dialog is dismissed).
 */
export const useDuplicateConfirmation = () => {
  const [existing, setExisting] = useState<ExistingPost | null>(null);
  const resolver = useRef<((postAgain: boolean) => void) | null>(null);

  const ask = useCallback(
    (post: ExistingPost) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setExisting(post);
      }),
    []
  );

  // Closing the dialog after a click answers a second time: only the first answer counts.
  const onAnswer = useCallback((postAgain: boolean) => {
    const resolve = resolver.current;
    resolver.current = null;
    setExisting(null);
    resolve?.(postAgain);
  }, []);

  return { ask, question: { existing, onAnswer } satisfies DuplicateQuestion };
};
