import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { Download, openDownload } from "./download.ts";
import { openFileVault } from "./vault.ts";

Deno.test("a download reads at any offset, short only at the end", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_download_" });
  try {
    const vault = await openFileVault(dir);
    const data = new Uint8Array(100_000).map((_, i) => i * 7);
    const upload = await vault.beginUpload({ userId: 1, name: "data.bin", size: data.length });
    await upload.write(data);
    const { hash, size } = await upload.finish();
    const uploadedAt = new Date("1994-01-01T00:00:00Z");
    using download = await openDownload(vault, { name: "data.bin", size, hash, uploadedAt });
    assert.deepEqual([download.name, download.size, download.mtime], [
      "data.bin",
      100_000,
      uploadedAt,
    ]);
    const into = new Uint8Array(8192);
    assert.equal(await download.read(0, into), 8192);
    assert.deepEqual(into, data.subarray(0, 8192));
    assert.equal(await download.read(8192, into), 8192); // sequential: no seek
    assert.deepEqual(into, data.subarray(8192, 16384));
    assert.equal(await download.read(99_000, into), 1000);
    assert.deepEqual(into.subarray(0, 1000), data.subarray(99_000));
    assert.equal(await download.read(100_000, into), 0);
    assert.equal(await download.read(50, into), 8192); // back again (a ZRPOS)
    assert.deepEqual(into, data.subarray(50, 50 + 8192));
    download.close();
    await assert.rejects(download.read(0, into), TypeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("after a read fails partway, the next read seeks to its offset", async () => {
  const data = new Uint8Array(10_000).map((_, i) => i * 13);
  let position = 0;
  let reads = 0;
  const file = {
    seek(offset: number) {
      position = offset;
      return Promise.resolve(offset);
    },
    read(into: Uint8Array) {
      // The first read gets 1000 bytes, the second fails: the file has moved on.
      if (++reads === 2) return Promise.reject(new Error("EIO"));
      const n = Math.min(reads === 1 ? 1000 : into.length, data.length - position);
      into.set(data.subarray(position, position + n));
      position += n;
      return Promise.resolve(n);
    },
    close() {},
  } as unknown as Deno.FsFile;
  const download = new Download(file, { name: "d", size: data.length, uploadedAt: new Date() });
  const into = new Uint8Array(4096);
  await assert.rejects(download.read(0, into), /EIO/);
  assert.equal(await download.read(0, into), 4096);
  assert.deepEqual(into, data.subarray(0, 4096));
});

Deno.test("a missing or damaged blob is FILE_NOT_FOUND", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_download_" });
  try {
    const vault = await openFileVault(dir);
    const file = { name: "gone.zip", size: 10, hash: "ab".repeat(32), uploadedAt: new Date() };
    await assert.rejects(openDownload(vault, file), (error: unknown) => {
      assert.ok(isCarrierError(error, "FILE_NOT_FOUND"));
      assert.match(error.message, /^Cannot send "gone.zip": its content is missing/);
      return true;
    });
    await Deno.mkdir(`${dir}/files/ab/ab`, { recursive: true });
    await Deno.writeFile(vault.pathOf(file.hash), new Uint8Array(9));
    await assert.rejects(openDownload(vault, file), (error: unknown) => {
      assert.ok(isCarrierError(error, "FILE_NOT_FOUND"));
      assert.match(error.message, /damaged \(9 bytes, not 10/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
