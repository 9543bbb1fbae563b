/**
 * What a caller's welcome screen costs before it is sent, with the built-in welcome art and the
 * values a caller on node 7 gets:
 * - `prepareArt`: SAUCE, CP437 decoding, MCI codes, pipe codes and the canvas, with the bytes'
 *   decoding kept from the last call (theme screens are shared byte arrays), against the same
 *   with fresh bytes every time (baseline: every call decodes).
 * - `prepareArt + rows`: the same, then the rows written as a CP437 caller gets them.
 *
 * @module
 */

import { ByteWriter } from "../bytes/mod.ts";
import type { MciCode, MciSource } from "../terminal/mod.ts";
import { writeRows } from "../terminal/mod.ts";
import { builtInScreen } from "../theme/mod.ts";
import { prepareArt } from "./art.ts";

const bytes = await builtInScreen("welcome");
const VALUES: Partial<Record<MciCode, string | number>> = {
  BN: "The Night Shift",
  ND: 7,
  NM: 64,
  NU: 12,
  TT: "SyncTERM",
  TS: "80x25",
};
const values: MciSource = (code) => VALUES[code];
const out = new ByteWriter(4096);

Deno.bench("prepareArt, decoding kept", { group: "prepare", baseline: false }, () => {
  prepareArt(bytes, values);
});

Deno.bench("prepareArt, fresh bytes", { group: "prepare", baseline: true }, () => {
  prepareArt(bytes.slice(), values);
});

Deno.bench("prepareArt + rows, cp437", { group: "send" }, () => {
  const art = prepareArt(bytes, values);
  out.clear();
  for (const part of art.parts) {
    writeRows(part, out, {
      fromRow: 0,
      toRow: part.usedHeight,
      width: 80,
      charset: "cp437",
      color: "dos",
    });
  }
});
