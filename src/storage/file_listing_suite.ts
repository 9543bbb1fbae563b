/**
 * The file-listing half of the file-area cases (keyset pages, search), registered by
 * `runStoreSuite` for every adapter.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { FileEntry, FoundFile, SearchPage } from "./file_types.ts";
import { shelf, upload } from "./file_suite.ts";
import type { SuiteTest } from "./message_suite.ts";
import type { Store } from "./store.ts";

/** Every search step from the first, with the queries each took. */
async function searchAll(store: Store, level: number, search: object, page: SearchPage) {
  const found: FoundFile[] = [];
  const sizes: number[] = [];
  let next: SearchPage | undefined = page;
  while (next !== undefined) {
    const before = store.stats.queries;
    const result = await store.searchFiles({ level, ...search }, next);
    assert.equal(store.stats.queries - before, 1);
    found.push(...result.files);
    sizes.push(result.files.length);
    next = result.next;
  }
  return { found, sizes };
}

/** Registers the listing and search cases. */
export function registerFileListingCases(test: SuiteTest): void {
  test("keyset pages cover every file exactly once, by name and newest first", async (store) => {
    const { games, utils, alice } = await shelf(store);
    const added: FileEntry[] = [];
    const base = Date.UTC(1995, 0, 1);
    for (let i = 0; i < 53; i++) {
      // Names in mixed case; files share upload times three at a time (the id breaks ties).
      const name = `${i % 2 ? "F" : "f"}ile${String(i).padStart(2, "0")}.zip`;
      const uploadedAt = new Date(base + Math.floor(i / 3) * 60_000);
      added.push(await store.addFile(upload(games, alice, name, { uploadedAt })));
    }
    await store.addFile(upload(utils, alice, "elsewhere.zip"));
    const byName: string[] = [];
    const sizes: number[] = [];
    let page = await store.listFiles(games.id, { limit: 10 });
    while (page.length > 0) {
      byName.push(...page.map((f) => f.name));
      sizes.push(page.length);
      page = await store.listFiles(games.id, { after: page.at(-1)!, limit: 10 });
    }
    assert.deepEqual(sizes, [10, 10, 10, 10, 10, 3]);
    assert.deepEqual(byName, added.map((f) => f.name)); // file00 … file52 whatever the case

    const newest: number[] = [];
    let recent = await store.listFiles(games.id, { order: "newest", limit: 7 });
    while (recent.length > 0) {
      newest.push(...recent.map((f) => f.id));
      recent = await store.listFiles(games.id, {
        order: "newest",
        after: recent.at(-1)!,
        limit: 7,
      });
    }
    const expected = added.toSorted((a, b) =>
      b.uploadedAt.getTime() - a.uploadedAt.getTime() || b.id - a.id
    );
    assert.deepEqual(newest, expected.map((f) => f.id));
    assert.equal((await store.listFiles(games.id)).length, 25);
    await assert.rejects(store.listFiles(games.id, { limit: 0 }), RangeError);
  });

  test("searchFiles matches a glob and description text over downloadable areas, one query each", async (store) => {
    const { games, utils, private: priv, alice } = await shelf(store);
    await store.addFile(
      upload(games, alice, "DOOM19S.ZIP", { description: "Doom SHAREWARE v1.9" }),
    );
    await store.addFile(upload(games, alice, "keen4.zip", { description: "Commander Keen" }));
    await store.addFile(upload(games, alice, "100%_off.txt", { description: "Prices, 50% off" }));
    await store.addFile(upload(games, alice, "1000_off.txt", { description: "Zoë's ÜBER list" }));
    await store.addFile(upload(utils, alice, "pkz204g.exe", { description: "PKZIP shareware" }));
    await store.addFile(upload(priv, alice, "doom2.zip", { description: "Registered" }));
    const names = async (level: number, search: { pattern?: string; text?: string }) => {
      const before = store.stats.queries;
      const result = await store.searchFiles({ level, ...search });
      assert.equal(store.stats.queries - before, 1);
      assert.equal(result.next, undefined);
      return result.files.map((f) => f.name);
    };
    assert.deepEqual(await names(0, { pattern: "*.zip" }), ["keen4.zip", "DOOM19S.ZIP"]);
    assert.deepEqual(await names(255, { pattern: "doom" }), ["doom2.zip", "DOOM19S.ZIP"]);
    assert.deepEqual(await names(255, { pattern: "d??m*" }), ["doom2.zip", "DOOM19S.ZIP"]);
    assert.deepEqual(await names(0, { pattern: "100%_*" }), ["100%_off.txt"]);
    assert.deepEqual(await names(10, { text: "Shareware" }), ["pkz204g.exe", "DOOM19S.ZIP"]);
    assert.deepEqual(await names(0, { text: "50% off" }), ["100%_off.txt"]);
    assert.deepEqual(await names(0, { text: "zoë's über" }), ["1000_off.txt"]);
    assert.deepEqual(await names(10, { pattern: "*.zip", text: "keen" }), ["keen4.zip"]);
    assert.deepEqual(await names(0, { pattern: "nothing*" }), []);
    assert.equal((await names(0, {})).length, 4);
    const [found] = (await store.searchFiles({ level: 10, pattern: "pkz*" })).files;
    assert.deepEqual([found?.areaTag, found?.areaName], ["utils", "Utilities"]);
    await assert.rejects(store.searchFiles({ level: 0, pattern: "x".repeat(65) }), RangeError);
    await assert.rejects(store.searchFiles({ level: 0 }, { limit: 10, scan: 5 }), RangeError);
  });

  test("search steps with a small scan bound cover every match once, newest first", async (store) => {
    const { games, private: priv, alice } = await shelf(store);
    const added: FileEntry[] = [];
    for (let i = 0; i < 40; i++) {
      const area = i % 4 === 3 ? priv : games;
      added.push(await store.addFile(upload(area, alice, `f${i}.${i % 3 ? "zip" : "arj"}`)));
    }
    const expected = added.filter((f, i) => f.areaId === games.id && i % 3 !== 0)
      .map((f) => f.id).toReversed();
    const { found, sizes } = await searchAll(store, 0, { pattern: "*.zip" }, {
      limit: 3,
      scan: 7,
    });
    assert.deepEqual(found.map((f) => f.id), expected);
    assert.ok(sizes.some((n) => n < 3), "some steps end at the scan bound, not the limit");
    const all = await searchAll(store, 255, {}, { limit: 5, scan: 5 });
    assert.deepEqual(all.found.map((f) => f.id), added.map((f) => f.id).toReversed());
  });
}
