export * from './client';
export * from './endpoints';
export * from './errors';
export * from './schemas';
export { parseJsonKeepingBigInts } from './json';
