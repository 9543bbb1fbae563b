// deno-lint-ignore-file no-console -- a bench reports the corpus and the ratio it measured
/**
 * LZ4 on real text: Debian's fortunes (`apt-get install fortunes fortunes-min`) or, failing
 * that, this file. Each bench's time over its input size gives MB/s; the ratio is printed.
 *
 * `deno bench -A src/compress/lz4_bench.ts`
 *
 * @module
 */

import { compress, decompress } from "./lz4.ts";

const FORTUNES = "/usr/share/games/fortunes";

async function corpus(): Promise<{ name: string; text: Uint8Array }> {
  const parts: Uint8Array[] = [];
  try {
    for await (const entry of Deno.readDir(FORTUNES)) {
      if (entry.isFile && !entry.name.includes(".")) {
        parts.push(await Deno.readFile(`${FORTUNES}/${entry.name}`));
      }
    }
  } catch {
    // No fortunes: fall through to this file.
  }
  if (parts.length === 0) {
    return { name: "lz4_bench.ts", text: await Deno.readFile(new URL(import.meta.url)) };
  }
  const text = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) text.set(part, (at += part.length) - part.length);
  return { name: `${parts.length} fortune files`, text };
}

const { name, text } = await corpus();
const sizes = [1024, 4096, 65_536];
let raw = 0;
let stored = 0;
// Ratio over the whole corpus in message-sized pieces, as the store would keep them.
for (let at = 0; at + 1024 <= text.length; at += 1024) {
  raw += 1024;
  stored += Math.min(1024, compress(text.subarray(at, at + 1024)).length);
}
console.log(
  `${name}, ${(text.length / 1e6).toFixed(1)} MB; in 1 KiB pieces LZ4 keeps ` +
    `${(100 * stored / raw).toFixed(1)}% (ratio ${(raw / stored).toFixed(2)}); whole: ratio ` +
    `${(text.length / compress(text).length).toFixed(2)}`,
);

for (const size of sizes) {
  // Pieces from all over the corpus, so the bench does not compress one block from the cache.
  const pieces = Array.from(
    { length: 64 },
    (_, i) => text.subarray((i * 7919 * size) % (text.length - size)).subarray(0, size),
  );
  const blocks = pieces.map((piece) => compress(piece));
  let i = 0;
  Deno.bench({
    name: `compress ${size} B`,
    group: `${size} B of text`,
    baseline: true,
    fn: () => {
      compress(pieces[i++ & 63]!);
    },
  });
  let j = 0;
  Deno.bench({
    name: `decompress ${size} B`,
    group: `${size} B of text`,
    fn: () => {
      decompress(blocks[j++ & 63]!, size);
    },
  });
}
