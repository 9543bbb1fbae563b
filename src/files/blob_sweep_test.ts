import assert from "node:assert/strict";
import type { Store } from "../storage/mod.ts";
import { sweepBlobs } from "./blob_sweep.ts";
import { openFileVault } from "./vault.ts";

Deno.test("a blob deleted while the sweep runs is passed over, not an error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_sweep_" });
  try {
    const vault = await openFileVault(dir);
    // More than one batch of 500, all in one folder: the folder is listed before the first
    // batch is looked up, and the last blob is gone by the time the sweep reaches it.
    const hashes = Array.from({ length: 501 }, (_, i) => "0000" + i.toString(16).padStart(60, "0"));
    await Deno.mkdir(`${vault.root}/00/00`, { recursive: true });
    for (const [i, hash] of hashes.entries()) {
      await Deno.writeFile(vault.pathOf(hash), new Uint8Array(i % 7));
    }
    const used = new Set(hashes.filter((_, i) => i % 2 === 1));
    const batches: string[][] = [];
    const store = {
      async hashesInUse(batch: readonly string[]): Promise<Set<string>> {
        // Before the first answer, the one blob not yet reached is deleted by someone else.
        if (batches.push([...batch]) === 1) {
          await Deno.remove(vault.pathOf(hashes.find((hash) => !batch.includes(hash))!));
        }
        return new Set(batch.filter((hash) => used.has(hash)));
      },
    } as unknown as Store;
    const swept = await sweepBlobs(store, vault, { graceMs: 0 });
    const removed = batches[0]!.filter((hash) => !used.has(hash));
    assert.deepEqual(swept, {
      examined: 501,
      removed: removed.length,
      bytes: removed.reduce((sum, hash) => sum + hashes.indexOf(hash) % 7, 0),
    });
    assert.deepEqual(batches.map((batch) => batch.length), [500, 1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
