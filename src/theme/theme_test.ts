import assert from "node:assert/strict";
import { builtInScreen, loadThemeScreen, THEME_SCREENS } from "./theme.ts";

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
