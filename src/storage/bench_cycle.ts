/**
 * Shared by the storage benches: the order they visit seeded rows in.
 *
 * @module
 */

/**
 * Cycles through `items` in a scattered order (steps of 7919), so lookups do not walk the
 * b-tree in sequence. The same order every run, so figures stay comparable.
 *
 * @example
 * ```ts
 * const next = cycle([1, 2, 3]);
 * next(); // 3
 * ```
 */
export function cycle<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i = (i + 7919) % items.length]!;
}
