import assert from "node:assert/strict";
import { join } from "node:path";
import { cleanIncoming } from "./incoming.ts";
import { openFileVault } from "./vault.ts";

Deno.test("only parts older than the age go; fresh parts and other files stay", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_incoming_" });
  try {
    assert.deepEqual(await cleanIncoming(dir, 0), { files: 0, bytes: 0 }); // nothing yet
    const vault = await openFileVault(dir);
    const hour = 3_600_000;
    const ages: Record<string, number> = {
      "old.part": 80 * hour,
      "older.part": 500 * hour,
      "fresh.part": 1 * hour,
      "notes.txt": 900 * hour,
    };
    for (const [name, age] of Object.entries(ages)) {
      const path = join(vault.incomingDir, name);
      await Deno.writeFile(path, new Uint8Array(name.length));
      const when = new Date(Date.now() - age);
      await Deno.utime(path, when, when);
    }
    assert.deepEqual(await cleanIncoming(dir, 72 * hour), { files: 2, bytes: 18 });
    const left: string[] = [];
    for await (const entry of Deno.readDir(vault.incomingDir)) left.push(entry.name);
    assert.deepEqual(left.sort(), ["fresh.part", "notes.txt"]);
    await assert.rejects(cleanIncoming(dir, -1), RangeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a resumed part counts as fresh, so a clean-up cannot pull it from under the caller", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_incoming_" });
  try {
    const vault = await openFileVault(dir);
    const first = await vault.beginUpload({ userId: 1, name: "slow.zip", size: 100 });
    await first.write(new Uint8Array(40));
    await first.abort();
    for await (const entry of Deno.readDir(vault.incomingDir)) {
      const old = new Date(Date.now() - 100 * 3_600_000);
      await Deno.utime(join(vault.incomingDir, entry.name), old, old);
    }
    const resumed = await vault.beginUpload({ userId: 1, name: "slow.zip", size: 100 });
    assert.equal(resumed.resumeAt, 40);
    assert.deepEqual(await cleanIncoming(dir, 72 * 3_600_000), { files: 0, bytes: 0 });
    await resumed.write(new Uint8Array(60));
    assert.equal((await resumed.finish()).size, 100);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
