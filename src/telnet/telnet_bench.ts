/**
 * Decoder and escaper throughput on ~1 MiB of what a BBS line carries: ANSI art (SGR sequences,
 * CP437 block characters, CR LF lines), typed text, IAC IAC escapes, NAWS updates and NOPs,
 * fed in 4 KiB chunks as a socket read would deliver them.
 *
 * Each iteration handles 1 MiB, so MB/s = 1.048576 / (time per iteration in seconds).
 */

import { ByteWriter } from "../bytes/mod.ts";
import { IAC, NAWS, NOP, SB, SE } from "./constants.ts";
import { TelnetDecoder, type TelnetHandler } from "./decoder.ts";
import { writeEscaped } from "./encoder.ts";

const SIZE = 1 << 20;
const CHUNK = 4096;

/** Deterministic bytes (an LCG), so every run measures the same input. */
function buildMix(withTelnet: boolean): Uint8Array {
  const out = new ByteWriter(SIZE + 1024);
  let seed = 0x1143;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  while (out.length < SIZE) {
    const roll = next(100);
    if (roll < 70) {
      // One line of ANSI art: colour changes between runs of CP437 shading and blocks.
      for (let col = 0; col < 79;) {
        out.latin1(`\x1b[${next(2)};${30 + next(8)};${40 + next(8)}m`);
        const run = 1 + next(12);
        for (let k = 0; k < run; k++) out.byte(0xb0 + next(48));
        col += run;
      }
      out.byte(13).byte(10);
    } else if (roll < 90) {
      out.latin1("the quick brown fox jumps over the lazy sysop").byte(13).byte(next(2) ? 10 : 0);
    } else if (!withTelnet) {
      out.latin1("\x1b[0m");
    } else if (roll < 95) {
      // CP437 0xFF (a non-breaking space) in the art, doubled on the wire.
      out.latin1("\x1b[0m ").byte(IAC).byte(IAC).byte(0x20);
    } else if (roll < 98) {
      out.byte(IAC).byte(SB).byte(NAWS).byte(0).byte(80 + next(80)).byte(0).byte(25);
      out.byte(IAC).byte(SE);
    } else {
      out.byte(IAC).byte(NOP);
    }
  }
  return out.view().slice(0, SIZE);
}

const mix = buildMix(true);
const plain = buildMix(false);

let sink = 0;
const counter: TelnetHandler = {
  data: (bytes) => void (sink += bytes.length),
  command: (code) => void (sink += code),
  negotiate: (verb, option) => void (sink += verb + option),
  subnegotiation: (option, payload) => void (sink += option + payload.length),
};

function decodeAll(input: Uint8Array, cook: boolean): void {
  const decoder = new TelnetDecoder(counter);
  decoder.cookNewlines = cook;
  for (let at = 0; at < input.length; at += CHUNK) decoder.push(input.subarray(at, at + CHUNK));
}

Deno.bench("raw, no IAC (fast path)", { group: "decode 1 MiB", baseline: true }, () => {
  decodeAll(plain, false);
});

Deno.bench("raw, with IAC/NAWS/NOP", { group: "decode 1 MiB" }, () => {
  decodeAll(mix, false);
});

Deno.bench("cooked, no IAC", { group: "decode 1 MiB" }, () => {
  decodeAll(plain, true);
});

Deno.bench("cooked, with IAC/NAWS/NOP", { group: "decode 1 MiB" }, () => {
  decodeAll(mix, true);
});

const out = new ByteWriter(4 * SIZE);

Deno.bench("writeEscaped, no 255", { group: "escape 1 MiB", baseline: true }, () => {
  out.clear(8 * SIZE);
  writeEscaped(out, plain);
});

Deno.bench("writeEscaped, with 255s", { group: "escape 1 MiB" }, () => {
  out.clear(8 * SIZE);
  writeEscaped(out, mix);
});

Deno.bench("per-byte loop, with 255s (reference)", { group: "escape 1 MiB" }, () => {
  out.clear(8 * SIZE);
  for (let i = 0; i < mix.length; i++) {
    const b = mix[i]!;
    out.byte(b);
    if (b === IAC) out.byte(IAC);
  }
});
