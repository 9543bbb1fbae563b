import assert from "node:assert/strict";
import { builtInScreen, loadThemeScreen, THEME_FRESH_MS, THEME_SCREENS } from "./theme.ts";

Deno.test("every theme screen has built-in art with a SAUCE record", async () => {
  for (const name of THEME_SCREENS) {
    const bytes = await builtInScreen(name);
    const record = new TextDecoder().decode(bytes.subarray(bytes.length - 128, bytes.length - 121));
    assert.equal(record, "SAUCE00", name);
  }
});

Deno.test("a file in the theme folder replaces the built-in screen", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-theme-" });
  try {
    await Deno.mkdir(`${dataDir}/theme`);
    await Deno.writeTextFile(`${dataDir}/theme/goodbye.asc`, "Bye!\r\n");
    assert.equal(new TextDecoder().decode(await loadThemeScreen("goodbye", dataDir)), "Bye!\r\n");
    assert.deepEqual(await loadThemeScreen("welcome", dataDir), await builtInScreen("welcome"));
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("callers within a second share one look in the theme folder; an edit shows after", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-theme-" });
  const text = async (at: number) =>
    new TextDecoder().decode(await loadThemeScreen("welcome", dataDir, at));
  try {
    await Deno.mkdir(`${dataDir}/theme`);
    await Deno.writeTextFile(`${dataDir}/theme/welcome.ans`, "First\r\n");
    const t = Math.round(performance.now()); // whole milliseconds: the steps below add exactly
    const [a, b] = await Promise.all([
      loadThemeScreen("welcome", dataDir, t),
      loadThemeScreen("welcome", dataDir, t),
    ]);
    assert.equal(a, b, "both callers get the bytes of the one read");
    await Deno.writeTextFile(`${dataDir}/theme/welcome.ans`, "Second\r\n");
    assert.equal(await text(t + THEME_FRESH_MS - 1), "First\r\n");
    assert.equal(await text(t + THEME_FRESH_MS), "Second\r\n");
    await Deno.remove(`${dataDir}/theme/welcome.ans`);
    assert.equal(await text(t + 2 * THEME_FRESH_MS - 1), "Second\r\n", "until the next look");
    assert.deepEqual(
      await loadThemeScreen("welcome", dataDir, t + 2 * THEME_FRESH_MS),
      await builtInScreen("welcome"),
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
