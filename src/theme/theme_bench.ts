/**
 * A theme screen for each caller that connects: the shared look in the theme folder (what
 * callers within {@linkcode THEME_FRESH_MS} of each other get) against a look every time
 * (baseline: the folder holds no file, so each look is a failed open per extension and then
 * the built-in art, as on a board without a theme).
 *
 * @module
 */

import { loadThemeScreen, THEME_FRESH_MS } from "./theme.ts";

const dataDir = await Deno.makeTempDir({ prefix: "carrier-theme-bench-" });
let clock = performance.now();

Deno.bench("welcome, shared look", { group: "theme" }, async () => {
  await loadThemeScreen("welcome", dataDir, clock);
});

Deno.bench("welcome, a look every time", { group: "theme", baseline: true }, async () => {
  clock += THEME_FRESH_MS;
  await loadThemeScreen("welcome", dataDir, clock);
});

globalThis.addEventListener("unload", () => Deno.removeSync(dataDir, { recursive: true }));
