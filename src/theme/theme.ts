/**
 * The screens a sysop can restyle: `<data>/theme/<name>.ans` (or `.asc`) replaces Carrier's
 * own art, which is embedded in the executable.
 *
 * @module
 */

import { log } from "../log/mod.ts";

/** The screens a theme holds. */
export type ThemeScreen = "welcome" | "newuser" | "mainmenu" | "goodbye";

/** Every theme screen, for documentation and checks. */
export const THEME_SCREENS: readonly ThemeScreen[] = ["welcome", "newuser", "mainmenu", "goodbye"];

const EXTENSIONS = [".ans", ".asc"];
const builtIn = new Map<ThemeScreen, Uint8Array>();

/**
 * The bytes of a theme screen: the sysop's file from `<dataDir>/theme` when there is one
 * (read on every call, so edits show at once), else the built-in art.
 */
export async function loadThemeScreen(name: ThemeScreen, dataDir: string): Promise<Uint8Array> {
  for (const extension of EXTENSIONS) {
    const path = `${dataDir}/theme/${name}${extension}`;
    try {
      return await Deno.readFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        log.warn?.("Cannot read theme file; using the built-in one", { path, error });
        break;
      }
    }
  }
  return await builtInScreen(name);
}

/** Carrier's own art for `name`, read once from the files embedded beside this module. */
export async function builtInScreen(name: ThemeScreen): Promise<Uint8Array> {
  let bytes = builtIn.get(name);
  if (!bytes) {
    bytes = await Deno.readFile(new URL(`./default/${name}.ans`, import.meta.url));
    builtIn.set(name, bytes);
  }
  return bytes;
}
