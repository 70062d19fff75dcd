/**
 * The slice of sharp the sandbox uses, typed locally: sharp's own typings differ between its CJS and ESM
 * entry points depending on the consumer's moduleResolution, and the sandbox must type-check either way.
 */
export interface SharpMetadata {
  format?: string;
  width?: number;
  height?: number;
  orientation?: number;
}

export interface SharpInstance {
  metadata(): Promise<SharpMetadata>;
  jpeg(options?: { quality?: number }): SharpInstance;
  png(): SharpInstance;
  webp(options?: { quality?: number }): SharpInstance;
  withMetadata(options?: { orientation?: number }): SharpInstance;
  toBuffer(): Promise<Buffer>;
}

export type SharpInput =
  | Buffer
  | { create: { width: number; height: number; channels: 3 | 4; background: string | { r: number; g: number; b: number; alpha?: number } } };

export type SharpFactory = (input: SharpInput, options?: { limitInputPixels?: number | false }) => SharpInstance;

let cached: SharpFactory | undefined;

/** Loaded on first use so the sandbox starts even where sharp's native build is missing and fetchMedia is off. */
export function loadSharp(): SharpFactory {
  if (!cached) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('sharp') as unknown;
    const fn = typeof mod === 'function' ? mod : (mod as { default?: unknown }).default;
    if (typeof fn !== 'function') throw new Error('sandbox: sharp did not load as a function');
    cached = fn as SharpFactory;
  }
  return cached;
}
