import assert from "node:assert/strict";
import { createContentHasher, HASH_SLICE } from "./content_hash.ts";
import { Upload } from "./upload.ts";

Deno.test("a batch larger than a hash slice goes to disk in one write", async () => {
  const writes: number[] = [];
  const hashed: number[] = [];
  const hasher = await createContentHasher();
  const file = {
    write(bytes: Uint8Array) {
      writes.push(bytes.length);
      return Promise.resolve(bytes.length);
    },
    close() {},
  } as unknown as Deno.FsFile;
  const upload = new Upload({
    key: "k",
    name: "big.bin",
    size: 200_000,
    limit: 200_000,
    maxBytes: 0,
    resumeAt: 0,
    file,
    partPath: "/nonexistent/big.bin.part",
    hasher: {
      update(bytes) {
        hashed.push(bytes.length);
        hasher.update(bytes);
      },
      digest: () => hasher.digest(),
    },
    durable: false,
    blobPathOf: (hash) => `/nonexistent/${hash}`,
    onSettled() {},
  });
  await upload.write(new Uint8Array(72 * 1024));
  await upload.write(new Uint8Array(1000));
  assert.deepEqual(writes, [72 * 1024, 1000]);
  assert.deepEqual(hashed, [HASH_SLICE, 8 * 1024, 1000]);
  assert.equal(upload.received, 72 * 1024 + 1000);
});
