// The status lists live in the contract the admin shares (server/src/contracts/statuses.ts).
export { CANCELLABLE_STATUSES, IN_FLIGHT_STATUSES, REFRESHED_STATUSES, RETRYABLE_STATUSES } from '../contracts/statuses';
