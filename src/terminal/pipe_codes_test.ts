import assert from "node:assert/strict";
import { dosColor, escapePipes, pipeToAnsi, stripPipeCodes, writePipeText } from "./pipe_codes.ts";
import { BLUE, BRIGHT, PLAIN, Screen, YELLOW } from "./screen.ts";

Deno.test("foreground codes use bold for bright colours", () => {
  assert.equal(pipeToAnsi("|15Hi|07"), "\x1b[0;1;37mHi\x1b[0;37m");
  assert.equal(
    pipeToAnsi("|01blue|04red|09bright blue"),
    "\x1b[0;34mblue\x1b[0;31mred\x1b[0;1;34mbright blue",
  );
});

Deno.test("background survives a foreground change", () => {
  assert.equal(pipeToAnsi("|17|14x"), "\x1b[44m\x1b[0;1;33;44mx");
});

Deno.test("clear screen, escaped bars and unknown codes", () => {
  assert.equal(pipeToAnsi("|CLtop"), "\x1b[2J\x1b[Htop");
  assert.equal(pipeToAnsi("a||b"), "a|b");
  assert.equal(pipeToAnsi("|99 |x"), "|99 |x");
  assert.equal(pipeToAnsi("end|"), "end|");
  assert.equal(pipeToAnsi("end|1"), "end|1");
});

Deno.test("escaped caller text prints literally", () => {
  assert.equal(pipeToAnsi(`Hello ${escapePipes("|04Evil")}`), "Hello |04Evil");
});

Deno.test("pipe-coded text is drawn into a screen with its colours", () => {
  const screen = new Screen(12, 1);
  const end = writePipeText(screen, 0, 0, "|09Hi||there|17x|99", PLAIN);
  assert.equal(end, 12);
  assert.equal(String.fromCodePoint(...screen.glyphs), "Hi|therex|99");
  assert.equal(screen.fg[0], BLUE + BRIGHT);
  assert.equal(screen.bg[8], BLUE);
  assert.equal(dosColor(6), YELLOW);
  assert.equal(stripPipeCodes("|09Hi||there|17x|99"), "Hi|therex|99");
});
