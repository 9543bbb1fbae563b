import assert from "node:assert/strict";
import { NodeTable } from "./nodes.ts";

Deno.test("nodes are handed out lowest first and reused after release", () => {
  const nodes = new NodeTable<string>(3);
  assert.equal(nodes.allocate((n) => `a${n}`), "a1");
  assert.equal(nodes.allocate((n) => `b${n}`), "b2");
  assert.equal(nodes.allocate((n) => `c${n}`), "c3");
  assert.equal(nodes.allocate((n) => `d${n}`), undefined);
  nodes.release(2, "b2");
  assert.equal(nodes.used, 2);
  assert.equal(nodes.allocate((n) => `e${n}`), "e2");
  assert.deepEqual([...nodes.occupants()], ["a1", "e2", "c3"]);
});

Deno.test("a stale release does not free someone else's node", () => {
  const nodes = new NodeTable<string>(1);
  assert.equal(nodes.allocate(() => "a"), "a");
  nodes.release(1, "a");
  assert.equal(nodes.allocate(() => "b"), "b");
  nodes.release(1, "a");
  assert.equal(nodes.used, 1);
});
