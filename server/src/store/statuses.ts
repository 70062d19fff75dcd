import type { ConnectionStatus, PublicationStatus } from './types';

// Which statuses allow what. Dependency-free: the admin imports these lists too, so the buttons it
// shows and the polling it does follow the same rules the server enforces.

/** Not finished yet: the worker picks these up when their `runAt` has come, and screens keep polling. */
export const IN_FLIGHT_STATUSES: PublicationStatus[] = ['queued', 'preparing', 'containers_created', 'processing', 'publishing', 'deferred'];

/** An editor may cancel these: nothing has been sent to media_publish yet. */
export const CANCELLABLE_STATUSES: PublicationStatus[] = ['queued', 'deferred', 'preparing', 'containers_created', 'processing'];

/** An editor may queue these again. */
export const RETRYABLE_STATUSES: PublicationStatus[] = ['failed', 'cancelled'];

/** Connections the refresh job visits: active ones, and restricted ones it checks again. */
export const REFRESHED_STATUSES: ConnectionStatus[] = ['active', 'action_required'];
