import type { PublicationStatus } from '../store/types';
import type { Plan } from './plan';

/** What the worker needs to resume; stored in the publication's `state`. */
export interface StepState {
  plan?: Plan;
  warnings?: string[];
  /** Carousel children container ids, in order. */
  children?: string[];
  /** The single container, or the carousel parent. */
  containerId?: string;
  pollStartedAt?: number;
  pollDelayMs?: number;
  polls?: number;
  /** Set just before media_publish is sent: its outcome must be read back before any retry. */
  publishRequestedAt?: number;
  /** How the last media_publish failed, when its outcome had to be checked. */
  publishFailure?: { class: string; code: number | null; subcode: number | null; message: string; retryAfterMs?: number };
  newContainers?: number;
  /** Containers of earlier attempts, checked for PUBLISHED before anything is posted again. */
  previousContainers?: string[];
  /** Where a deferred publication resumes. */
  resumeStatus?: PublicationStatus;
  permalinkError?: string;
  firstCommentId?: string;
  firstCommentError?: string;
  /** Set just before the first comment is sent: a resumed run never sends it a second time. */
  firstCommentRequestedAt?: number;
  skippedReason?: string;
  /** An editor confirmed posting this again although the same content already went to the account. */
  allowDuplicate?: boolean;
}

/** The step state of a publication row. */
export const stepStateOf = (publication: { state: Record<string, unknown> }): StepState => publication.state as StepState;

/**
 * `state` with `patch` applied, as a row stores it. Keys set to undefined (or null) are dropped,
 * not stored: MongoDB would keep them as null.
 */
export const withState = (state: StepState, patch: Partial<StepState>): Record<string, unknown> =>
  Object.fromEntries(Object.entries({ ...state, ...patch }).filter(([, value]) => value !== undefined && value !== null));

/**
 * Every container this publication has made so far: those of earlier attempts, the carousel
 * children, and the single container or parent. Before anything is posted again each one is
 * read, because one of them may have gone out although its answer was lost.
 */
export const previousContainersOf = (state: StepState): string[] => [
  ...(state.previousContainers ?? []),
  ...(state.children ?? []),
  ...(state.containerId ? [state.containerId] : []),
];

/**
 * The state an editor's retry starts from: only the containers made so far (checked before
 * posting again) and, when the editor confirmed a repeat, that confirmation.
 */
export const retryStateOf = (state: StepState, allowDuplicate = false): Record<string, unknown> => {
  const previousContainers = previousContainersOf(state);
  return { ...(previousContainers.length ? { previousContainers } : {}), ...(allowDuplicate ? { allowDuplicate: true } : {}) };
};

/** Containers just made: processing is polled from now, at the first delay again. */
export const pollingFrom = (now: number): Partial<StepState> => ({ pollStartedAt: now, pollDelayMs: undefined, polls: 0 });

/** The last media_publish is settled (its outcome read back): nothing is pending any more. */
export const PUBLISH_SETTLED: Partial<StepState> = { publishRequestedAt: undefined, publishFailure: undefined };

/** What a new container starts from: the old ones move to `previousContainers`, polling restarts. */
export const newContainerState = (state: StepState): Partial<StepState> => ({
  newContainers: (state.newContainers ?? 0) + 1,
  previousContainers: previousContainersOf(state),
  children: undefined,
  containerId: undefined,
  pollDelayMs: undefined,
  polls: 0,
  ...PUBLISH_SETTLED,
});
