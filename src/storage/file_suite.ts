/**
 * The file-area half of the store suite: cases `runStoreSuite` registers for every adapter
 * through its `test` helper.
 *
 * @module
 */

import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import type { FileArea, NewFile } from "./file_types.ts";
import type { OpenTwin, SuiteTest } from "./message_suite.ts";
import type { Store, User } from "./store.ts";

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/** A distinct, well-formed BLAKE3 hex digest for `n`. */
export function hashOf(n: number): string {
  return n.toString(16).padStart(64, "0");
}

function carrierError(code: Parameters<typeof isCarrierError>[1], pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(isCarrierError(error, code), String(error));
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

/** The users and file areas every file case starts from. */
export interface Shelf {
  sysop: User;
  alice: User;
  bob: User;
  /** Level 0 for downloads and uploads, 1 MiB limit. */
  games: FileArea;
  /** Download level 10, upload level 20. */
  utils: FileArea;
  /** Sysop only. */
  private: FileArea;
}

/** Three users and three file areas. */
export async function shelf(store: Store): Promise<Shelf> {
  const sysop = await store.createUser({ handle: "Sysop", passwordHash: HASH });
  const alice = await store.createUser({ handle: "Alice", passwordHash: HASH });
  const bob = await store.createUser({ handle: "Bob", passwordHash: HASH, securityLevel: 5 });
  const utils = await store.createFileArea({
    tag: "Utils",
    name: "Utilities",
    downloadLevel: 10,
    uploadLevel: 20,
    sortOrder: 2,
  });
  const games = await store.createFileArea({
    tag: "games",
    name: "Games",
    description: "Shareware games",
    maxFileBytes: 1024 * 1024,
    sortOrder: 1,
  });
  const priv = await store.createFileArea({
    tag: "private",
    name: "Sysop only",
    downloadLevel: 255,
    uploadLevel: 255,
    sortOrder: 3,
  });
  return { sysop, alice, bob, games, utils, private: priv };
}

/** A `NewFile` for `name` in `area` by `by`, with a size and hash derived from the name. */
export function upload(
  area: FileArea,
  by: User | null,
  name: string,
  extra: Partial<NewFile> = {},
): NewFile {
  return {
    areaId: area.id,
    name,
    size: name.length * 100,
    hash: hashOf(name.length * 7919 + name.charCodeAt(0)),
    description: `About ${name}`,
    uploaderId: by?.id ?? null,
    uploaderHandle: by?.handle ?? "Sysop import",
    ...extra,
  };
}

/** Waits until `store` dropped cache entries after `before` (see message_suite's `heard`). */
async function heard(store: Store, before: number): Promise<void> {
  if (store.kind !== "postgres") return;
  for (let waited = 0; store.stats.cacheInvalidations === before; waited += 5) {
    if (waited > 5000) throw new Error("no NOTIFY arrived within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Registers the file-area cases.
 *
 * @param openTwin opens a second store on the same database; the cross-daemon case needs it
 */
export function registerFileCases(test: SuiteTest, openTwin: OpenTwin): void {
  test("file areas: tags are lowercase and unique, lookups ignore case, input is checked", async (store) => {
    const { utils, games } = await shelf(store);
    assert.deepEqual(utils, {
      id: utils.id,
      tag: "utils",
      name: "Utilities",
      description: "",
      downloadLevel: 10,
      uploadLevel: 20,
      maxFileBytes: 0,
      sortOrder: 2,
      fileCount: 0,
      totalBytes: 0,
    });
    assert.deepEqual(await store.fileAreaByTag("UTILS"), utils);
    assert.deepEqual(await store.fileAreaById(games.id), games);
    assert.equal(await store.fileAreaByTag("nope"), undefined);
    assert.equal(await store.fileAreaById(games.id + 1000), undefined);
    await assert.rejects(
      store.createFileArea({ tag: "GAMES", name: "Again" }),
      carrierError("STORE_CONFLICT", /the tag "games" is taken/),
    );
    for (
      const bad of [
        { tag: "has space", name: "x" },
        { tag: "ok", name: "x", downloadLevel: 256 },
        { tag: "ok", name: "x", uploadLevel: -1 },
        { tag: "ok", name: "x", maxFileBytes: -1 },
        { tag: "ok", name: "x", maxFileBytes: 1.5 },
      ]
    ) {
      await assert.rejects(store.createFileArea(bad), RangeError, JSON.stringify(bad));
    }
    // Big limits survive the round trip (bigint on PostgreSQL).
    const big = await store.createFileArea({ tag: "isos", name: "ISOs", maxFileBytes: 2 ** 40 });
    assert.equal((await store.fileAreaById(big.id))?.maxFileBytes, 2 ** 40);
  });

  test("updateFileArea changes only the given fields", async (store) => {
    const { utils, games } = await shelf(store);
    const changed = await store.updateFileArea(utils.id, {
      name: "Utils",
      downloadLevel: 0,
      maxFileBytes: 5000,
    });
    assert.deepEqual(changed, { ...utils, name: "Utils", downloadLevel: 0, maxFileBytes: 5000 });
    assert.deepEqual(await store.fileAreaById(utils.id), changed);
    await assert.rejects(
      store.updateFileArea(utils.id, { tag: "Games" }),
      carrierError("STORE_CONFLICT", /is taken/),
    );
    await assert.rejects(store.updateFileArea(games.id, { uploadLevel: 300 }), RangeError);
    assert.equal(await store.updateFileArea(utils.id + 1000, { name: "x" }), undefined);
  });

  test("listFileAreas shows what a level may download or upload to, in order, with counters", async (store) => {
    const { games, alice } = await shelf(store);
    await store.addFile(upload(games, alice, "doom.zip"));
    const tags = async (level: number, access?: "upload") =>
      (await store.listFileAreas({ level, ...(access ? { access } : {}) })).map((a) => a.tag);
    assert.deepEqual(await tags(0), ["games"]);
    assert.deepEqual(await tags(10), ["games", "utils"]);
    assert.deepEqual(await tags(10, "upload"), ["games"]);
    assert.deepEqual(await tags(20, "upload"), ["games", "utils"]);
    assert.deepEqual(await tags(255), ["games", "utils", "private"]);
    const [listed] = await store.listFileAreas({ level: 0 });
    assert.deepEqual([listed!.fileCount, listed!.totalBytes], [1, 800]);
    await assert.rejects(store.listFileAreas({ level: 1.5 }), RangeError);
  });

  test("deleteFileArea refuses an area with files unless forced", async (store) => {
    const { games, utils, alice } = await shelf(store);
    const file = await store.addFile(upload(games, alice, "doom.zip"));
    await store.addFile(upload(games, alice, "keen.zip"));
    await assert.rejects(
      store.deleteFileArea(games.id),
      carrierError("STORE_CONFLICT", /it holds 2 files/),
    );
    assert.equal(await store.deleteFileArea(games.id, { force: true }), true);
    assert.equal(await store.fileAreaById(games.id), undefined);
    assert.equal(await store.fileById(file.id), undefined);
    assert.equal(await store.deleteFileArea(games.id), false);
    assert.equal(await store.deleteFileArea(utils.id), true);
  });

  test("addFile counts the file in its area and for its uploader", async (store) => {
    const { games, utils, alice, bob } = await shelf(store);
    const at = new Date("1993-12-10T12:00:00.123Z");
    const doom = await store.addFile(upload(games, alice, "DOOM1_9.ZIP", { uploadedAt: at }));
    assert.deepEqual(doom, {
      id: doom.id,
      areaId: games.id,
      name: "DOOM1_9.ZIP",
      size: 1100,
      hash: doom.hash,
      description: "About DOOM1_9.ZIP",
      uploaderId: alice.id,
      uploaderHandle: "Alice",
      uploadedAt: at,
      downloads: 0,
    });
    // Sizes past 4 GiB survive (bigint on PostgreSQL); imports without an uploader count nowhere.
    const iso = await store.addFile(upload(utils, alice, "big.iso", { size: 5_000_000_000 }));
    assert.equal((await store.fileById(iso.id))?.size, 5_000_000_000);
    await store.addFile(upload(games, null, "keen.zip"));
    const area = await store.fileAreaById(games.id);
    assert.deepEqual([area!.fileCount, area!.totalBytes], [2, 1100 + 800]);
    assert.deepEqual(await store.userTransferStats(alice.id), {
      uploads: 2,
      downloads: 0,
      uploadBytes: 5_000_001_100,
      downloadBytes: 0,
    });
    assert.deepEqual(await store.userTransferStats(bob.id), {
      uploads: 0,
      downloads: 0,
      uploadBytes: 0,
      downloadBytes: 0,
    });
  });

  test("a name taken in any letter case is refused and nothing changes", async (store) => {
    const { games, utils, alice } = await shelf(store);
    await store.addFile(upload(games, alice, "Zoë.txt"));
    const before = [await store.fileAreaById(games.id), await store.userTransferStats(alice.id)];
    for (const name of ["ZOË.TXT", "zoë.txt", "Zoe\u0308.txt"]) {
      await assert.rejects(
        store.addFile(upload(games, alice, name)),
        carrierError("FILE_NAME_TAKEN", /the area already has a file named ".+"/),
      );
    }
    assert.deepEqual(
      [await store.fileAreaById(games.id), await store.userTransferStats(alice.id)],
      before,
    );
    // The same name in another area is fine.
    assert.equal((await store.addFile(upload(utils, alice, "ZOË.TXT"))).areaId, utils.id);
    await assert.rejects(
      store.addFile(upload(games, alice, "lost.zip", { areaId: games.id + 1000 })),
      carrierError("STORE_CONFLICT", /file area \d+ does not exist/),
    );
    await assert.rejects(
      store.addFile(upload(games, alice, "ghost.zip", { uploaderId: alice.id + 1000 })),
      carrierError("STORE_CONFLICT", /the uploader's account does not exist/),
    );
    for (
      const bad of [
        { name: "" },
        { name: "a/b.zip" },
        { name: "a\\b.zip" },
        { name: "bell\x07.zip" },
        { name: "x".repeat(256) },
        { hash: "ABC" },
        { hash: hashOf(0xabc).toUpperCase() },
        { size: -1 },
        { size: 0.5 },
      ]
    ) {
      await assert.rejects(
        store.addFile(upload(games, alice, "ok.zip", bad)),
        RangeError,
        JSON.stringify(bad),
      );
    }
    assert.equal((await store.fileAreaById(games.id))?.fileCount, 1);
  });

  test("files are found by name in any case, by id, and by hash with their area", async (store) => {
    const { games, utils, alice } = await shelf(store);
    const first = await store.addFile(upload(utils, alice, "Same.bin", { hash: hashOf(42) }));
    const again = await store.addFile(upload(games, alice, "Other.bin", { hash: hashOf(42) }));
    assert.deepEqual(await store.fileByName(utils.id, "SAME.BIN"), first);
    assert.equal(await store.fileByName(games.id, "same.bin"), undefined);
    assert.deepEqual(await store.fileById(again.id), again);
    assert.equal(await store.fileById(again.id + 1000), undefined);
    assert.deepEqual(await store.fileByHash(hashOf(42)), {
      ...first,
      areaTag: "utils",
      areaName: "Utilities",
    });
    assert.equal(await store.fileByHash(hashOf(43)), undefined);
    await assert.rejects(store.fileByHash("nothex"), RangeError);
    assert.deepEqual(
      await store.hashesInUse([hashOf(41), hashOf(42), hashOf(42)]),
      new Set([hashOf(42)]),
    );
    assert.deepEqual(await store.hashesInUse([]), new Set());
  });

  test("recordDownload counts the file's downloads and the caller's bytes", async (store) => {
    const { games, alice, bob } = await shelf(store);
    const doom = await store.addFile(upload(games, alice, "doom.zip", { size: 3_000_000_000 }));
    assert.equal(await store.recordDownload(doom.id, bob.id), true);
    assert.equal(await store.recordDownload(doom.id, bob.id), true);
    assert.equal(await store.recordDownload(doom.id + 1000, bob.id), false);
    assert.equal((await store.fileById(doom.id))?.downloads, 2);
    assert.deepEqual(await store.userTransferStats(bob.id), {
      uploads: 0,
      downloads: 2,
      uploadBytes: 0,
      downloadBytes: 6_000_000_000,
    });
    await assert.rejects(
      store.recordDownload(doom.id, bob.id + 1000),
      carrierError("USER_NOT_FOUND"),
    );
    assert.equal((await store.fileById(doom.id))?.downloads, 2);
  });

  test("deleteFile returns the row and lowers the area's counters, not the uploader's", async (store) => {
    const { games, alice } = await shelf(store);
    const doom = await store.addFile(upload(games, alice, "doom.zip"));
    await store.addFile(upload(games, alice, "keen.zip"));
    assert.deepEqual(await store.deleteFile(doom.id), doom);
    assert.equal(await store.deleteFile(doom.id), undefined);
    assert.equal(await store.fileByName(games.id, "doom.zip"), undefined);
    const area = await store.fileAreaById(games.id);
    assert.deepEqual([area!.fileCount, area!.totalBytes], [1, 800]);
    assert.equal((await store.userTransferStats(alice.id)).uploads, 2);
    // The name is free again.
    assert.equal((await store.addFile(upload(games, alice, "DOOM.ZIP"))).name, "DOOM.ZIP");
  });

  test("the file-area list is cached until an area or a file changes, not by a post", async (store) => {
    const { games, alice } = await shelf(store);
    const first = await store.listFileAreas({ level: 10 });
    const before = store.stats;
    const again = await store.listFileAreas({ level: 10 });
    assert.equal(again, first);
    assert.equal(store.stats.queries, before.queries);
    assert.ok(Object.isFrozen(again) && Object.isFrozen(again[0]));

    const conference = await store.createConference({ name: "Local" });
    const area = await store.createArea({ conferenceId: conference.id, tag: "general", name: "G" });
    await store.postMessage({
      areaId: area.id,
      fromUserId: alice.id,
      fromHandle: "Alice",
      subject: "Hi",
      body: "hello",
    });
    assert.equal(await store.listFileAreas({ level: 10 }), first); // a post leaves it alone

    const doom = await store.addFile(upload(games, alice, "doom.zip"));
    assert.equal((await store.listFileAreas({ level: 10 }))[0]!.fileCount, 1);
    await store.deleteFile(doom.id);
    assert.equal((await store.listFileAreas({ level: 10 }))[0]!.fileCount, 0);
    await store.updateFileArea(games.id, { name: "Renamed" });
    assert.equal((await store.listFileAreas({ level: 10 }))[0]!.name, "Renamed");
  });

  test("two daemons on one database: a file added on one shows in the other's area list", async (store) => {
    const { games, alice } = await shelf(store);
    const twin = await openTwin(store);
    try {
      await store.listFileAreas({ level: 10 });
      const hits = store.stats.cacheHits;
      await store.listFileAreas({ level: 10 });
      assert.equal(store.stats.cacheHits, hits + 1);

      let invalidations = store.stats.cacheInvalidations;
      await twin.addFile(upload(games, alice, "doom.zip"));
      await heard(store, invalidations);
      assert.equal((await store.listFileAreas({ level: 10 }))[0]!.fileCount, 1);

      invalidations = store.stats.cacheInvalidations;
      const created = await twin.createFileArea({ tag: "new", name: "New" });
      await heard(store, invalidations);
      assert.ok((await store.listFileAreas({ level: 10 })).some((a) => a.id === created.id));
    } finally {
      await twin.close();
    }
  });

  test("a deleted account's files keep the handle, and its counters go", async (store) => {
    const { games, bob } = await shelf(store);
    const file = await store.addFile(upload(games, bob, "bye.zip"));
    await store.recordDownload(file.id, bob.id);
    assert.equal(await store.deleteUser("bob"), true);
    const kept = await store.fileById(file.id);
    assert.deepEqual([kept?.uploaderId, kept?.uploaderHandle, kept?.downloads], [null, "Bob", 1]);
    assert.equal((await store.userTransferStats(bob.id)).uploads, 0);
  });
}
