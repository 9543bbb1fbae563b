import assert from "node:assert/strict";
import { compress as compressFramed } from "lz4-wasm";
import { isCarrierError } from "../errors.ts";
import { compress, decompress, MAX_DECOMPRESSED_BYTES } from "./lz4.ts";

const encoder = new TextEncoder();

/** A deterministic pseudo-random generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

const WORDS = ("the caller dialled in at 2400 baud and left a message for the sysop about the " +
  "door game that crashed again last night while the modem squealed").split(" ");

/** Text that compresses the way message bodies do: words repeat, order does not. */
function prose(next: () => number, bytes: number): Uint8Array {
  let text = "";
  while (text.length < bytes) text += WORDS[Math.floor(next() * WORDS.length)] + " ";
  return encoder.encode(text.slice(0, bytes));
}

function corruptData(error: unknown): boolean {
  return isCarrierError(error, "STORE_FAILED") && error.message.startsWith("Cannot decompress");
}

Deno.test("lz4-wasm prefixes its block with the original length, which compress drops", () => {
  const text = encoder.encode("a message body, a message body, a message body");
  const framed = compressFramed(text);
  assert.equal(new DataView(framed.buffer, framed.byteOffset).getUint32(0, true), text.length);
  assert.deepEqual(compress(text), framed.subarray(4));
});

Deno.test("text round-trips and shrinks", () => {
  const next = random(1);
  for (const size of [1, 17, 512, 513, 4096, 65_537]) {
    const text = prose(next, size);
    const block = compress(text);
    if (size >= 512) assert.ok(block.length < text.length * 0.7, `${size}: ${block.length}`);
    assert.deepEqual(decompress(block, text.length), text);
  }
});

Deno.test("random bytes of any length round-trip, empty included", () => {
  const next = random(2);
  for (let i = 0; i < 300; i++) {
    const bytes = new Uint8Array(i < 5 ? i : Math.floor(next() ** 3 * 200_000));
    for (let j = 0; j < bytes.length; j++) bytes[j] = next() * 256;
    assert.deepEqual(decompress(compress(bytes), bytes.length), bytes, `length ${bytes.length}`);
  }
});

Deno.test("garbage never decompresses to anything but a CarrierError", () => {
  const next = random(3);
  for (let i = 0; i < 3000; i++) {
    const bytes = new Uint8Array(Math.floor(next() * 300));
    for (let j = 0; j < bytes.length; j++) bytes[j] = next() * 256;
    try {
      const out = decompress(bytes, Math.floor(next() * 2000));
      assert.ok(out.length <= 2000);
    } catch (error) {
      assert.ok(corruptData(error), String(error));
    }
  }
});

Deno.test("a truncated or bit-flipped block is a CarrierError or the wrong bytes, never a crash", () => {
  const next = random(4);
  const text = prose(next, 3000);
  const block = compress(text);
  for (let cut = 0; cut < block.length; cut += 7) {
    assert.throws(() => decompress(block.subarray(0, cut), text.length), corruptData);
  }
  for (let i = 0; i < 500; i++) {
    const flipped = block.slice();
    flipped[Math.floor(next() * flipped.length)]! ^= 1 << Math.floor(next() * 8);
    try {
      assert.equal(decompress(flipped, text.length).length, text.length);
    } catch (error) {
      assert.ok(corruptData(error), String(error));
    }
  }
  // Still usable afterwards: a failed call leaves the wasm instance sound.
  assert.deepEqual(decompress(block, text.length), text);
});

Deno.test("a stored length that disagrees with the block is a CarrierError", () => {
  const text = prose(random(5), 1000);
  const block = compress(text);
  for (const length of [0, 999, 1001, 5000]) {
    assert.throws(() => decompress(block, length), corruptData, `length ${length}`);
  }
});

Deno.test("an out-of-bounds length is refused before anything is allocated", () => {
  const block = compress(prose(random(6), 600));
  for (const length of [-1, 0.5, NaN, MAX_DECOMPRESSED_BYTES + 1, 2 ** 32 + 600]) {
    assert.throws(() => decompress(block, length), (error: unknown) => {
      assert.ok(corruptData(error));
      assert.match((error as Error).message, /not between 0 and/);
      return true;
    });
  }
  assert.throws(() => decompress(block, 600, { maxLength: 599 }), corruptData);
  assert.equal(decompress(block, 600, { maxLength: 600 }).length, 600);
});
