import assert from "node:assert/strict";
import { ALL_AREAS, ReadCache } from "./read_cache.ts";

Deno.test("the least recently used entry goes first when the entry bound is hit", () => {
  const cache = new ReadCache({ maxEntries: 2 });
  cache.set("a", "A", { scope: 1, bytes: 10, generation: cache.generation });
  cache.set("b", "B", { scope: 1, bytes: 10, generation: cache.generation });
  assert.equal(cache.get("a"), "A"); // a is now the most recent
  cache.set("c", "C", { scope: 2, bytes: 10, generation: cache.generation });
  assert.deepEqual([cache.get("a"), cache.get("b"), cache.get("c")], ["A", undefined, "C"]);
  assert.equal(cache.stats.entries, 2);
});

Deno.test("the byte bound evicts, and a value bigger than the bound is not kept", () => {
  const cache = new ReadCache({ maxEntries: 100, maxBytes: 100 });
  for (const key of ["a", "b", "c"]) {
    cache.set(key, key, { scope: 1, bytes: 40, generation: cache.generation });
  }
  assert.equal(cache.get("a"), undefined);
  assert.deepEqual([cache.stats.entries, cache.stats.bytes], [2, 80]);
  cache.set("huge", "h", { scope: 1, bytes: 101, generation: cache.generation });
  assert.equal(cache.get("huge"), undefined);
  cache.set("b", "b2", { scope: 1, bytes: 10, generation: cache.generation }); // replacing an entry replaces its size
  assert.equal(cache.stats.bytes, 50);
});

Deno.test("invalidating an area drops its entries and the area lists, not other areas", () => {
  const cache = new ReadCache();
  const generation = cache.generation;
  cache.set("list:1", "one", { scope: 1, bytes: 10, generation: generation });
  cache.set("list:2", "two", { scope: 2, bytes: 10, generation: generation });
  cache.set("areas:10", "areas", { scope: ALL_AREAS, bytes: 10, generation: generation });
  cache.invalidate(1);
  assert.deepEqual([cache.get("list:1"), cache.get("list:2"), cache.get("areas:10")], [
    undefined,
    "two",
    undefined,
  ]);
  cache.set("areas:10", "areas", { scope: ALL_AREAS, bytes: 10, generation: cache.generation });
  cache.invalidate(ALL_AREAS);
  assert.deepEqual([cache.get("list:2"), cache.get("areas:10")], ["two", undefined]);
  cache.clear();
  assert.equal(cache.get("list:2"), undefined);
  assert.equal(cache.stats.invalidations, 3);
});

Deno.test("a fill from a query that started before an invalidation is not kept", () => {
  const cache = new ReadCache();
  const before = cache.generation;
  cache.invalidate(7); // a post lands while the query is in flight
  cache.set("list:7", "stale", { scope: 7, bytes: 10, generation: before });
  assert.equal(cache.get("list:7"), undefined);
  cache.set("list:7", "fresh", { scope: 7, bytes: 10, generation: cache.generation });
  assert.equal(cache.get("list:7"), "fresh");
});

Deno.test("a disabled cache keeps nothing and counts bypasses", () => {
  const cache = new ReadCache();
  cache.set("a", "A", { scope: 1, bytes: 10, generation: cache.generation });
  cache.enabled = false;
  assert.equal(cache.get("a"), undefined);
  cache.set("b", "B", { scope: 1, bytes: 10, generation: cache.generation });
  cache.enabled = true;
  assert.deepEqual([cache.get("a"), cache.get("b")], [undefined, undefined]);
  assert.deepEqual([cache.stats.bypasses, cache.stats.misses], [1, 2]);
  // A query begun while the cache was off does not fill it once it is back on.
  cache.enabled = false;
  const before = cache.generation;
  cache.enabled = true;
  cache.set("c", "C", { scope: 1, bytes: 10, generation: before });
  assert.equal(cache.get("c"), undefined);
  const off = new ReadCache({ maxEntries: 0 });
  off.enabled = true;
  assert.equal(off.enabled, false);
  assert.throws(() => new ReadCache({ maxBytes: -1 }), RangeError);
});

Deno.test("a negative scope stands alone: area changes keep it, its own change keeps the rest", () => {
  const cache = new ReadCache();
  const generation = cache.generation;
  cache.set("fileareas", "F", { scope: -1, bytes: 10, generation });
  cache.set("areas", "A", { scope: ALL_AREAS, bytes: 10, generation });
  cache.set("list:3", "L", { scope: 3, bytes: 10, generation });
  cache.invalidate(3);
  assert.deepEqual([cache.get("fileareas"), cache.get("areas")], ["F", undefined]);
  cache.set("areas", "A", { scope: ALL_AREAS, bytes: 10, generation: cache.generation });
  cache.invalidate(-1);
  assert.deepEqual([cache.get("fileareas"), cache.get("areas")], [undefined, "A"]);
});

Deno.test("a message appended to an area keeps the pages below it and drops the rest", () => {
  const cache = new ReadCache();
  const put = (key: string, scope: number, keepOnAppend = false) =>
    cache.set(key, [key], { scope, bytes: 10, generation: cache.generation, keepOnAppend });
  put("list:7:newest", 7);
  put("list:7:before:100", 7, true);
  put("list:7:after:50", 7);
  put("list:8:newest", 8);
  put("areas", ALL_AREAS);
  cache.invalidateAppend(7);
  assert.equal(cache.get("list:7:newest"), undefined);
  assert.equal(cache.get("list:7:after:50"), undefined);
  assert.equal(cache.get("areas"), undefined);
  assert.deepEqual(cache.get("list:7:before:100"), ["list:7:before:100"]);
  assert.deepEqual(cache.get("list:8:newest"), ["list:8:newest"]);
  cache.invalidate(7);
  assert.equal(cache.get("list:7:before:100"), undefined);
});
