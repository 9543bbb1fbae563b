import assert from "node:assert/strict";
import { blake3 } from "hash-wasm";
import { isCarrierError } from "../errors.ts";
import { type FileArea, openStore, type Store, type User } from "../storage/mod.ts";
import { deleteStoredFile, sweepBlobs } from "./blob_sweep.ts";
import { openDownload } from "./download.ts";
import { importFile, storeUpload } from "./publish.ts";
import { type FileVault, openFileVault } from "./vault.ts";

interface Board {
  store: Store;
  vault: FileVault;
  dir: string;
  games: FileArea;
  utils: FileArea;
  alice: User;
}

/** A migrated SQLite store and a vault in one temp data directory. */
async function withBoard(body: (board: Board) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_files_" });
  const store = await openStore(`sqlite:${dir}/carrier.db`);
  try {
    await store.migrate();
    await store.createUser({ handle: "Sysop", passwordHash: "h" });
    const alice = await store.createUser({ handle: "Alice", passwordHash: "h" });
    const games = await store.createFileArea({ tag: "games", name: "Games", maxFileBytes: 1000 });
    const utils = await store.createFileArea({ tag: "utils", name: "Utilities" });
    await body({ store, vault: await openFileVault(dir), dir, games, utils, alice });
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function writeSource(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

const sysop = { id: null, handle: "Sysop" };

/** `length` random bytes (getRandomValues gives at most 64 KiB a call). */
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let at = 0; at < length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
}

function code(expected: Parameters<typeof isCarrierError>[1], pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(isCarrierError(error, expected), String(error));
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("importFile streams a file from disk into the vault and lists it", () =>
  withBoard(async ({ store, vault, dir, games, alice }) => {
    const bytes = randomBytes(200_000); // over the area's limit: a sysop import
    const path = await writeSource(dir, "DOOM19S.ZIP", bytes);
    const stored = await importFile(store, vault, {
      areaTag: "GAMES",
      path,
      description: "Doom shareware",
      uploader: { id: alice.id, handle: "Alice" },
    });
    const file = stored.file!;
    assert.deepEqual(
      [file.name, file.size, file.hash, file.description, file.areaId],
      ["DOOM19S.ZIP", bytes.length, await blake3(bytes), "Doom shareware", games.id],
    );
    assert.deepEqual(await Deno.readFile(vault.pathOf(file.hash)), bytes);
    assert.deepEqual(await store.fileByName(games.id, "doom19s.zip"), file);
    assert.equal((await store.userTransferStats(alice.id)).uploadBytes, bytes.length);
    assert.equal(vault.activeUploads, 0);
    using download = await openDownload(vault, file);
    const head = new Uint8Array(100);
    await download.read(0, head);
    assert.deepEqual(head, bytes.subarray(0, 100));
  }));

Deno.test("the same content again is reported as a duplicate, unless allowed", () =>
  withBoard(async ({ store, vault, dir, games, utils }) => {
    const bytes = new TextEncoder().encode("PKZIP 2.04g\n".repeat(50));
    const first = await importFile(store, vault, {
      areaTag: "utils",
      path: await writeSource(dir, "pkz204g.exe", bytes),
      uploader: sysop,
    });
    const again = await importFile(store, vault, {
      areaTag: "games",
      path: await writeSource(dir, "renamed.exe", bytes),
      uploader: sysop,
    });
    assert.equal(again.file, undefined);
    assert.deepEqual(again.duplicateOf, {
      ...first.file!,
      areaTag: "utils",
      areaName: "Utilities",
    });
    assert.equal((await store.fileAreaById(games.id))?.fileCount, 0);
    const allowed = await importFile(store, vault, {
      areaTag: "games",
      path: `${dir}/renamed.exe`,
      uploader: sysop,
      allowDuplicate: true,
    });
    assert.equal(allowed.file?.hash, first.file!.hash);
    assert.equal((await store.fileAreaById(utils.id))?.fileCount, 1);
  }));

Deno.test("importFile refuses a missing area, a taken name and a missing path before hashing", () =>
  withBoard(async ({ store, vault, dir }) => {
    const path = await writeSource(dir, "a.txt", new Uint8Array(10));
    await importFile(store, vault, { areaTag: "utils", path, uploader: sysop });
    await assert.rejects(
      importFile(store, vault, { areaTag: "nope", path, uploader: sysop }),
      code("STORE_CONFLICT", /the area does not exist/),
    );
    await assert.rejects(
      importFile(store, vault, { areaTag: "utils", path, name: "A.TXT", uploader: sysop }),
      code("FILE_NAME_TAKEN"),
    );
    await assert.rejects(
      importFile(store, vault, { areaTag: "utils", path: `${dir}/none.txt`, uploader: sysop }),
      code("FILE_NOT_FOUND"),
    );
    await assert.rejects(
      importFile(store, vault, { areaTag: "utils", path: dir, name: "dir", uploader: sysop }),
      code("FILE_NOT_FOUND", /not a regular file/),
    );
    await assert.rejects(
      importFile(store, vault, { areaTag: "utils", path, name: "..", uploader: sysop }),
      code("UPLOAD_REFUSED"),
    );
    assert.equal(vault.activeUploads, 0);
  }));

Deno.test("an import cut short resumes from its part when run again", () =>
  withBoard(async ({ store, vault, dir, utils }) => {
    const bytes = randomBytes(300_000);
    const path = await writeSource(dir, "big.bin", bytes);
    const cut = await vault.beginUpload({ userId: 0, name: "big.bin", size: bytes.length });
    await cut.write(bytes.subarray(0, 123_456));
    await cut.abort();
    const stored = await importFile(store, vault, { areaTag: "utils", path, uploader: sysop });
    assert.equal(stored.file?.hash, await blake3(bytes));
    assert.equal((await store.fileAreaById(utils.id))?.totalBytes, bytes.length);
    for await (const _ of Deno.readDir(vault.incomingDir)) assert.fail("a part was left");
  }));

Deno.test("storeUpload lists a caller's upload, or names the file already holding it", () =>
  withBoard(async ({ store, vault, games, utils, alice }) => {
    const bytes = new TextEncoder().encode("Commander Keen 4\n");
    const send = async (name: string) => {
      const upload = await vault.beginUpload({
        userId: alice.id,
        name,
        size: bytes.length,
        maxBytes: games.maxFileBytes,
      });
      await upload.write(bytes);
      return upload;
    };
    const uploader = { id: alice.id, handle: "Alice" };
    const at = new Date("1991-12-14T00:00:00Z");
    const first = await storeUpload(store, await send("keen4.zip"), {
      area: games,
      uploader,
      description: "Goodbye Galaxy",
      uploadedAt: at,
    });
    assert.deepEqual([first.file?.description, first.file?.uploadedAt], ["Goodbye Galaxy", at]);
    const dup = await storeUpload(store, await send("KEEN4.ZIP"), { area: utils, uploader });
    assert.equal(dup.duplicateOf?.id, first.file!.id);
    assert.equal(dup.duplicateOf?.areaTag, "games");
    await assert.rejects(
      storeUpload(store, await send("Keen4.zip"), { area: games, uploader, allowDuplicate: true }),
      code("FILE_NAME_TAKEN"),
    );
    assert.equal((await store.userTransferStats(alice.id)).uploads, 1);
  }));

Deno.test("deleting a file removes its blob only once no file uses it", () =>
  withBoard(async ({ store, vault, dir }) => {
    const bytes = new TextEncoder().encode("shared content");
    const path = await writeSource(dir, "one.txt", bytes);
    const one = (await importFile(store, vault, { areaTag: "games", path, uploader: sysop })).file!;
    const two = (await importFile(store, vault, {
      areaTag: "utils",
      path,
      uploader: sysop,
      allowDuplicate: true,
    })).file!;
    const now = { graceMs: 0 };
    assert.deepEqual(await deleteStoredFile(store, vault, one.id, now), {
      file: one,
      blobRemoved: false,
    });
    assert.equal(await vault.blobSize(one.hash), bytes.length);
    // Fresh blobs are spared by default: an upload of the same content may be on its way.
    assert.equal((await deleteStoredFile(store, vault, two.id))?.blobRemoved, false);
    assert.equal(await vault.blobSize(one.hash), bytes.length);
    assert.equal(await deleteStoredFile(store, vault, two.id, now), undefined);
    assert.deepEqual(await sweepBlobs(store, vault, now), { examined: 1, removed: 1, bytes: 14 });
    assert.equal(await vault.blobSize(one.hash), undefined);
  }));

Deno.test("sweepBlobs removes what no file uses after a forced area delete, in batches", () =>
  withBoard(async ({ store, vault, dir, games }) => {
    for (let i = 0; i < 12; i++) {
      const path = await writeSource(dir, `f${i}.txt`, new TextEncoder().encode(`file ${i}`));
      await importFile(store, vault, { areaTag: i < 8 ? "games" : "utils", path, uploader: sysop });
    }
    await Deno.mkdir(`${vault.root}/zz`); // not a fan-out folder: ignored
    assert.deepEqual(await sweepBlobs(store, vault, { graceMs: 0 }), {
      examined: 12,
      removed: 0,
      bytes: 0,
    });
    await store.deleteFileArea(games.id, { force: true });
    assert.deepEqual(await sweepBlobs(store, vault), { examined: 12, removed: 0, bytes: 0 });
    const swept = await sweepBlobs(store, vault, { graceMs: 0 });
    assert.deepEqual([swept.examined, swept.removed], [12, 8]);
    assert.deepEqual(await sweepBlobs(store, vault, { graceMs: 0 }), {
      examined: 4,
      removed: 0,
      bytes: 0,
    });
  }));
