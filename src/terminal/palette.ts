/**
 * Colour reduction for terminals with fewer colours than a `Style` can name: any palette index
 * or RGB value to the nearest of the 16 classic colours or of the xterm 256-colour palette.
 *
 * @module
 */

import { RGB_FLAG } from "./screen.ts";

/** The 16 classic colours as a VGA text screen shows them (ANSI order), as 0xRRGGBB. */
const VGA: readonly number[] = [
  0x000000,
  0xaa0000,
  0x00aa00,
  0xaa5500,
  0x0000aa,
  0xaa00aa,
  0x00aaaa,
  0xaaaaaa,
  0x555555,
  0xff5555,
  0x55ff55,
  0xffff55,
  0x5555ff,
  0xff55ff,
  0x55ffff,
  0xffffff,
];

/** Channel levels of the xterm 6×6×6 colour cube (indexes 16–231). */
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

/** 0xRRGGBB of xterm palette entry 16–255 (the cube, then 24 greys from 8 to 238). */
function xtermRgb(index: number): number {
  if (index >= 232) {
    const grey = 8 + 10 * (index - 232);
    return (grey << 16) | (grey << 8) | grey;
  }
  const n = index - 16;
  return (CUBE_LEVELS[(n / 36) | 0]! << 16) | (CUBE_LEVELS[((n / 6) | 0) % 6]! << 8) |
    CUBE_LEVELS[n % 6]!;
}

/**
 * Squared colour distance weighted for the eye ("redmean", compuphase.com/cmetric.htm): cheap,
 * and much closer to what people see than plain RGB distance.
 */
function distance(a: number, b: number): number {
  const red = (a >> 16) - (b >> 16);
  const green = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
  const blue = (a & 0xff) - (b & 0xff);
  const mean = ((a >> 16) + (b >> 16)) >> 1;
  return (((512 + mean) * red * red) >> 8) + 4 * green * green +
    (((767 - mean) * blue * blue) >> 8);
}

function nearestVga(rgb: number): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let i = 0; i < 16; i++) {
    const d = distance(rgb, VGA[i]!);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

/** Nearest classic colour of each xterm palette entry; 0–15 map to themselves. */
const PALETTE_TO_16 = new Uint8Array(256);
for (let i = 0; i < 256; i++) PALETTE_TO_16[i] = i < 16 ? i : nearestVga(xtermRgb(i));

/** Index of the cube level nearest to channel value `v`. */
function cubeStep(v: number): number {
  return v < 48 ? 0 : v < 115 ? 1 : ((v - 35) / 40) | 0;
}

/**
 * The nearest of the 16 classic colours (0–15) to a `Style` colour: a palette index or
 * `RGB_FLAG | 0xRRGGBB`. Indexes 0–15 are returned as they are.
 *
 * @example
 * ```ts
 * reduceTo16(196); // 1: xterm's pure red is nearest to VGA red
 * reduceTo16(rgb(255, 255, 85)); // 11: yellow
 * ```
 */
export function reduceTo16(color: number): number {
  if (color < 16) return color;
  if (color < RGB_FLAG) return PALETTE_TO_16[color & 0xff]!;
  return nearestVga(color & 0xffffff);
}

/**
 * The nearest xterm 256-colour palette index to a `Style` colour. Palette indexes are returned
 * as they are; RGB goes to the colour cube or the grey ramp (16–255), never to 0–15, whose
 * colours differ from terminal to terminal.
 *
 * @example
 * ```ts
 * reduceTo256(rgb(255, 0, 0)); // 196
 * ```
 */
export function reduceTo256(color: number): number {
  if (color < RGB_FLAG) return color & 0xff;
  const rgb = color & 0xffffff;
  const r = rgb >> 16;
  const g = (rgb >> 8) & 0xff;
  const b = rgb & 0xff;
  const cube = 16 + 36 * cubeStep(r) + 6 * cubeStep(g) + cubeStep(b);
  const average = ((r + g + b) / 3) | 0;
  const grey = 232 + Math.max(0, Math.min(23, Math.round((average - 8) / 10)));
  return distance(rgb, xtermRgb(grey)) < distance(rgb, xtermRgb(cube)) ? grey : cube;
}
