import type { Rng } from './prng';
import { hostileValue, hugeString, nastyKey, nastyString, nest, OPERATOR_OBJECTS, PLAUSIBLE_STRINGS } from './values';

type Path = Array<string | number>;

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => Boolean(value) && typeof value === 'object';

/** Every path inside a JSON value, the root included; a deep nest counts as one leaf. */
const pathsOf = (value: unknown, prefix: Path = []): Path[] => {
  if (!isContainer(value) || prefix.length >= 12) return [prefix];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
};

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

const getAt = (root: unknown, path: Path): unknown => path.reduce<unknown>((value, key) => (isContainer(value) ? (value as any)[key] : undefined), root);

/** Returns the new root (a change at the root replaces it). */
const setAt = (root: unknown, path: Path, next: unknown): unknown => {
  if (path.length === 0) return next;
  const parent = getAt(root, path.slice(0, -1)) as any;
  parent[path[path.length - 1]] = next;
  return root;
};

const deleteAt = (root: unknown, path: Path): unknown => {
  if (path.length === 0) return undefined;
  const parent = getAt(root, path.slice(0, -1)) as any;
  if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
  else delete parent[path[path.length - 1]];
  return root;
};

/** One way of bending a value: wrong type, hostile content, missing, extra, nested, wrapped. */
const MUTATIONS: ReadonlyArray<readonly [number, (rng: Rng, value: unknown) => unknown]> = [
  [8, (rng) => hostileValue(rng)],
  [2, (rng) => rng.pick(OPERATOR_OBJECTS)],
  [2, (_rng, value) => [value]],
  [1, (_rng, value) => ({ value })],
  [2, (_rng, value) => (typeof value === 'string' ? value : JSON.stringify(value ?? null))],
  [1, (rng, value) => (typeof value === 'string' ? `${value}${rng.pick(['\u0000', '/../..', '%00', '"', "'", '}}', '{{'])}` : value)],
  [1, (rng) => hugeString(rng, rng.pick([5_000, 100_000]))],
  [1, (rng, value) => nest(rng, rng.pick([10, 100, 1000]), value ?? 'x')],
  [1, (rng, value) => (typeof value === 'number' ? rng.pick([-value, value * 1e6, 0.5, Number.MAX_SAFE_INTEGER + 2]) : rng.pick([0, -1, 1.5, 1e21]))],
];

/**
 * Keeps the type of a scalar so the request still passes the schema's type checks and reaches the
 * code behind it (a template, an id, a date that the service reads).
 */
const sameType = (rng: Rng, value: unknown): unknown => {
  if (typeof value === 'string') {
    return rng.weighted<() => string>([
      [4, () => nastyString(rng)],
      [4, () => rng.pick(PLAUSIBLE_STRINGS)],
      [2, () => `${value}${rng.pick(['{{', '\u0000', ' ', '%', 'é'])}`],
    ])();
  }
  if (typeof value === 'number') return rng.pick([0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, -0]);
  if (typeof value === 'boolean') return !value;
  return hostileValue(rng);
};

/**
 * A copy of `example` with 1 to 3 random changes: values replaced by hostile ones, keys deleted or
 * added, containers wrapped. Pure for a given rng state.
 */
export const mutate = (rng: Rng, example: unknown): unknown => {
  let root = clone(example);
  const count = rng.weighted([[5, 1], [3, 2], [2, 3]] as const);
  for (let i = 0; i < count; i += 1) {
    const paths = pathsOf(root);
    const path = rng.pick(paths);
    const target = getAt(root, path);
    const roll = rng.next();
    if (roll < 0.15 && path.length > 0) root = deleteAt(root, path);
    else if (roll < 0.3 && isContainer(target) && !Array.isArray(target)) (target as Record<string, unknown>)[nastyKey(rng)] = clone(hostileValue(rng));
    // Cloned: hostile values come from shared constants that later mutations must not edit.
    else if (roll < 0.6 && !isContainer(target)) root = setAt(root, path, clone(sameType(rng, target)));
    else root = setAt(root, path, clone(rng.weighted(MUTATIONS)(rng, target)));
  }
  return root;
};
