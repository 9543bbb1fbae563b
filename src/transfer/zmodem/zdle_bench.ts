/**
 * ZDLE escaping and unescaping throughput on 64 KiB of random data and of text.
 * Run: deno bench -A src/transfer/zmodem/zdle_bench.ts   (MB/s = 65536 / time per iteration)
 */

import { ByteWriter } from "../../bytes/mod.ts";
import { ZCRCE, ZCRCG, ZDATA, ZDLE } from "./constants.ts";
import { writeBinaryHeader } from "./header.ts";
import { EVENT_HEADER, FrameReader } from "./reader.ts";
import { writeSubpacket } from "./subpacket.ts";
import { ZdleEncoder } from "./zdle.ts";

const SIZE = 64 * 1024;
const random = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i += 65536) crypto.getRandomValues(random.subarray(i, i + 65536));
const text = new TextEncoder().encode(
  "The Carrier BBS message base: 1,024 new posts since your last call.\r\n".repeat(1000),
).subarray(0, SIZE);

// The alternative the house style suggests: scan for the next byte to escape, copy the run
// with set(). Kept here as the baseline the per-byte loop is measured against.
const RUN_TABLE = new Uint8Array(256);
for (const b of [0x10, 0x11, 0x13, 0x18, 0x90, 0x91, 0x93]) RUN_TABLE[b] = 1;
RUN_TABLE[0x0d] = RUN_TABLE[0x8d] = 2;
function escapeRunsWithSet(src: Uint8Array, out: ByteWriter): void {
  const dst = out.room(2 * src.length);
  let o = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    let j = i;
    while (j < n && RUN_TABLE[src[j]!] === 0) j++;
    dst.set(src.subarray(i, j), o);
    o += j - i;
    if (j >= n) break;
    const b = src[j]!;
    if (RUN_TABLE[b] === 2 && (o === 0 || (dst[o - 1]! & 0x7f) !== 0x40)) dst[o++] = b;
    else {
      dst[o++] = ZDLE;
      dst[o++] = b ^ 0x40;
    }
    i = j + 1;
  }
  out.advance(o);
}

/** A ZDATA frame of 8 KiB subpackets carrying `data`, as a receiver sees it. */
function frame(data: Uint8Array): Uint8Array {
  const out = new ByteWriter(2 * SIZE);
  const encoder = new ZdleEncoder();
  writeBinaryHeader(out, ZDATA, 0, { crc32: true, encoder });
  for (let at = 0; at < data.length; at += 8192) {
    const end = Math.min(at + 8192, data.length);
    writeSubpacket(out, data.subarray(at, end), end === data.length ? ZCRCE : ZCRCG, {
      crc32: true,
      encoder,
    });
  }
  return out.view().slice();
}

const out = new ByteWriter(4 * SIZE);
const encoder = new ZdleEncoder();
const reader = new FrameReader();

for (const [name, data] of [["random", random], ["text", text]] as const) {
  Deno.bench({
    name: `escape per byte, ${name}`,
    group: `escape ${name}`,
    baseline: true,
    fn: () => {
      out.clear(Infinity);
      encoder.escape(data, out);
    },
  });
  Deno.bench({
    name: `escape runs with set(), ${name}`,
    group: `escape ${name}`,
    fn: () => {
      out.clear(Infinity);
      escapeRunsWithSet(data, out);
    },
  });
  const wire = frame(data);
  Deno.bench({
    name: `unescape + CRC-32 check (FrameReader), ${name}`,
    group: `unescape ${name}`,
    baseline: true,
    fn: () => {
      reader.hunt();
      for (let at = 0; at < wire.length;) {
        const event = reader.read(wire, at);
        at = reader.consumed;
        if (event === EVENT_HEADER) reader.beginData();
      }
    },
  });
}
