import assert from "node:assert/strict";
import type { MciCode, MciSource, Screen } from "../terminal/mod.ts";
import { prepareArt } from "./art.ts";

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function rowText(screen: Screen, y: number): string {
  const glyphs = screen.glyphs.subarray(y * screen.width, (y + 1) * screen.width);
  return String.fromCodePoint(...glyphs).trimEnd();
}

const values = (table: Partial<Record<MciCode, string>>): MciSource => (code) => table[code];

Deno.test("a value that reads |PA is shown, not taken as a pause", () => {
  const art = prepareArt(ascii("Hi |UH!|PAPage two"), values({ UH: "Bob|PA" }));
  assert.equal(art.parts.length, 2);
  assert.equal(rowText(art.parts[0]!, 0), "Hi Bob|PA!");
  assert.equal(rowText(art.parts[1]!, 0), "Page two");
});

Deno.test("|PA in the art separates parts; ||PA is a bar and PA", () => {
  const bytes = ascii("|CLone|PAtwo||PA|PAthree");
  const art = prepareArt(bytes, values({}));
  assert.deepEqual(art.parts.map((part) => rowText(part, 0)), ["one", "two|PA", "three"]);
  assert.equal(art.clears, true);
  // The same bytes again (their reading is kept) with other values give the same parts.
  assert.equal(prepareArt(bytes, values({ UH: "x" })).parts.length, 3);
});
