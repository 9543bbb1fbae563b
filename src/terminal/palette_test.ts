import assert from "node:assert/strict";
import { reduceTo16, reduceTo256 } from "./palette.ts";
import { rgb } from "./screen.ts";

Deno.test("the 16 classic colours reduce to themselves", () => {
  for (let c = 0; c < 16; c++) {
    assert.equal(reduceTo16(c), c);
    assert.equal(reduceTo256(c), c);
  }
});

Deno.test("xterm palette entries reduce to the nearest VGA colour", () => {
  assert.equal(reduceTo16(16), 0); // cube black
  assert.equal(reduceTo16(231), 15); // cube white
  assert.equal(reduceTo16(232), 0); // darkest grey
  assert.equal(reduceTo16(244), 7); // mid grey, nearer #aaa than #555
  assert.equal(reduceTo16(240), 8); // #585858
  assert.equal(reduceTo16(21), 4); // #0000ff: blue #0000aa, not the greyer #5555ff
});

Deno.test("RGB reduces to 16 by weighted distance", () => {
  assert.equal(reduceTo16(rgb(0, 0, 0)), 0);
  assert.equal(reduceTo16(rgb(255, 255, 255)), 15);
  assert.equal(reduceTo16(rgb(170, 85, 0)), 3);
  assert.equal(reduceTo16(rgb(250, 250, 90)), 11);
  assert.equal(reduceTo16(rgb(10, 160, 170)), 6);
});

Deno.test("RGB reduces to the xterm colour cube or grey ramp", () => {
  assert.equal(reduceTo256(rgb(255, 0, 0)), 196);
  assert.equal(reduceTo256(rgb(95, 135, 175)), 67);
  assert.equal(reduceTo256(rgb(0, 0, 0)), 16);
  assert.equal(reduceTo256(rgb(128, 128, 128)), 244);
  assert.equal(reduceTo256(rgb(238, 238, 238)), 255);
});

Deno.test("palette values past 255 without the RGB flag are read modulo 256", () => {
  assert.equal(reduceTo256(0x1ff), 0xff);
  assert.equal(reduceTo16(0x101), 1);
});
