import assert from "node:assert/strict";
import { join } from "node:path";
import { blake3 } from "hash-wasm";
import { isCarrierError } from "../errors.ts";
import { blobPath, type FileVault, type FileVaultOptions, openFileVault } from "./vault.ts";

/** Bytes that are not all alike, so a hash of the wrong bytes cannot pass. */
function content(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

/** Feeds `bytes` in chunks of `chunk`, as a transfer would. */
async function send(
  upload: { write(b: Uint8Array): Promise<void> },
  bytes: Uint8Array,
  chunk = 8192,
) {
  for (let at = 0; at < bytes.length; at += chunk) {
    await upload.write(bytes.subarray(at, at + chunk));
  }
}

async function withVault(
  body: (vault: FileVault, dir: string) => Promise<void>,
  options: FileVaultOptions = {},
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_vault_" });
  try {
    await body(await openFileVault(dir, options), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function parts(vault: FileVault): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(vault.incomingDir)) names.push(entry.name);
  return names;
}

function refused(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(isCarrierError(error, "UPLOAD_REFUSED"), String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("an upload is hashed as it arrives and lands under its hash, two levels down", () =>
  withVault(async (vault, dir) => {
    const data = content(300_000); // several 64 KiB slices, and odd chunk sizes
    const upload = await vault.beginUpload({
      userId: 7,
      name: "../DOOM19S.ZIP",
      size: data.length,
    });
    assert.deepEqual([upload.name, upload.resumeAt, vault.activeUploads], ["DOOM19S.ZIP", 0, 1]);
    await send(upload, data, 70_001);
    const result = await upload.finish();
    const expected = await blake3(data);
    assert.deepEqual(result, {
      name: "DOOM19S.ZIP",
      hash: expected,
      size: data.length,
      duplicate: false,
    });
    assert.equal(
      blobPath(expected),
      `files/${expected.slice(0, 2)}/${expected.slice(2, 4)}/${expected}`,
    );
    assert.deepEqual(await Deno.readFile(join(dir, blobPath(expected))), data);
    assert.equal(await vault.blobSize(expected), data.length);
    assert.deepEqual(await parts(vault), []);
    assert.equal(vault.activeUploads, 0);
    await assert.rejects(upload.write(data), TypeError); // it ended
  }));

Deno.test("an interrupted upload resumes where it stopped and ends with the same hash", () =>
  withVault(async (vault) => {
    const data = content(200_000, 3);
    const half = 100_000;
    const first = await vault.beginUpload({ userId: 7, name: "big.zip", size: data.length });
    await send(first, data.subarray(0, half));
    await first.abort();
    assert.equal((await parts(vault)).length, 1); // kept for the resume

    const again = await vault.beginUpload({ userId: 7, name: "BIG.ZIP", size: data.length });
    assert.equal(again.resumeAt, half);
    await again.write(data.subarray(half), half);
    const result = await again.finish();
    assert.equal(result.hash, await blake3(data));
    assert.deepEqual(await parts(vault), []);

    // Another caller, or another announced size, starts afresh.
    const other = await vault.beginUpload({ userId: 8, name: "big.zip", size: data.length });
    assert.equal(other.resumeAt, 0);
    await other.abort({ discard: true });
  }));

Deno.test("finishing short keeps the part; resuming with the rest completes it", () =>
  withVault(async (vault) => {
    const data = content(5000);
    const upload = await vault.beginUpload({ userId: 1, name: "a.txt", size: data.length });
    await upload.write(data.subarray(0, 1000));
    await assert.rejects(upload.finish(), (error: unknown) => {
      assert.ok(isCarrierError(error, "UPLOAD_INCOMPLETE"));
      assert.match(error.message, /1000 of 5000 bytes arrived/);
      return true;
    });
    const resumed = await vault.beginUpload({ userId: 1, name: "a.txt", size: data.length });
    assert.equal(resumed.resumeAt, 1000);
    await assert.rejects(resumed.write(data.subarray(0, 10), 0), RangeError);
    await resumed.write(data.subarray(1000));
    assert.equal((await resumed.finish()).hash, await blake3(data));
  }));

Deno.test("bytes past the area's limit or the announced size abort and delete the part", () =>
  withVault(async (vault) => {
    await assert.rejects(
      vault.beginUpload({ userId: 1, name: "huge.iso", size: 2000, maxBytes: 1000 }),
      refused(/it is 2000 bytes, and the limit here is 1000/),
    );
    const unsized = await vault.beginUpload({ userId: 1, name: "stream.bin", maxBytes: 1000 });
    await unsized.write(content(900));
    await assert.rejects(unsized.write(content(200)), refused(/the area's limit of 1000 bytes/));
    assert.equal(unsized.settled, true);
    assert.deepEqual(await parts(vault), []);

    const liar = await vault.beginUpload({ userId: 1, name: "liar.bin", size: 100 });
    await assert.rejects(liar.write(content(101)), refused(/the 100 bytes announced/));
    assert.deepEqual(await parts(vault), []);
    assert.equal(vault.activeUploads, 0);
  }));

Deno.test("content already held is a duplicate: the new copy goes, the blob is refreshed", () =>
  withVault(async (vault) => {
    const data = content(10_000, 9);
    const first = await vault.beginUpload({ userId: 1, name: "one.zip", size: data.length });
    await send(first, data);
    const stored = await first.finish();
    const blob = vault.pathOf(stored.hash);
    const old = new Date(Date.now() - 86_400_000);
    await Deno.utime(blob, old, old);

    const second = await vault.beginUpload({ userId: 2, name: "two.zip", size: data.length });
    await send(second, data);
    const dup = await second.finish();
    assert.deepEqual([dup.hash, dup.duplicate, dup.name], [stored.hash, true, "two.zip"]);
    assert.ok((await Deno.stat(blob)).mtime!.getTime() > old.getTime());
    assert.deepEqual(await parts(vault), []);
  }));

Deno.test("two callers uploading the same content at once both succeed as one blob", () =>
  withVault(async (vault) => {
    const data = content(150_000, 5);
    const uploads = await Promise.all(
      [1, 2].map((userId) => vault.beginUpload({ userId, name: "same.zip", size: data.length })),
    );
    await Promise.all(uploads.map((upload) => send(upload, data, 4096)));
    const results = await Promise.all(uploads.map((upload) => upload.finish()));
    const hash = await blake3(data);
    assert.deepEqual(results.map((r) => r.hash), [hash, hash]);
    assert.deepEqual(await Deno.readFile(vault.pathOf(hash)), data);
    const dir = join(vault.root, hash.slice(0, 2), hash.slice(2, 4));
    const blobs = [];
    for await (const entry of Deno.readDir(dir)) blobs.push(entry.name);
    assert.deepEqual(blobs, [hash]);
    assert.deepEqual(await parts(vault), []);
  }));

Deno.test("the same upload twice at once is refused; without a size nothing is kept", () =>
  withVault(async (vault) => {
    const [a, b] = await Promise.allSettled([
      vault.beginUpload({ userId: 1, name: "x.zip", size: 10 }),
      vault.beginUpload({ userId: 1, name: "x.zip", size: 10 }),
    ]);
    assert.equal(a.status, "fulfilled");
    assert.equal(b.status, "rejected");
    assert.ok(isCarrierError((b as PromiseRejectedResult).reason, "UPLOAD_REFUSED"));
    await (a as PromiseFulfilledResult<Awaited<ReturnType<FileVault["beginUpload"]>>>).value
      .abort();

    const unsized = await vault.beginUpload({ userId: 1, name: "y.zip" });
    await unsized.write(content(10));
    await unsized.abort();
    assert.deepEqual(await parts(vault), []);
    await assert.rejects(
      vault.beginUpload({ userId: 1, name: "..", size: 1 }),
      refused(/nothing usable/),
    );
    await assert.rejects(vault.beginUpload({ userId: 1, name: "z", size: -1 }), RangeError);
  }));

Deno.test("too little free space, or none known, refuses before a byte is written", async () => {
  let free: number | undefined = 10_000_000;
  await withVault(async (vault) => {
    await assert.rejects(
      vault.beginUpload({ userId: 1, name: "a.bin", size: 9_500_000 }),
      refused(
        /not enough disk space \(10000000 bytes free, 0 promised to other uploads, 9500000 needed, 1000000 kept in reserve\)/,
      ),
    );
    // What other uploads may still write counts as used.
    const first = await vault.beginUpload({ userId: 1, name: "b.bin", size: 5_000_000 });
    await assert.rejects(
      vault.beginUpload({ userId: 2, name: "c.bin", size: 5_000_000 }),
      refused(/5000000 promised/),
    );
    await first.abort();
    free = undefined;
    await assert.rejects(
      vault.beginUpload({ userId: 1, name: "d.bin", size: 1 }),
      refused(/--allow-sys=statfs/),
    );
    assert.deepEqual(await parts(vault), []);
  }, { freeBytes: () => free, reserveBytes: 1_000_000 });
});
