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
 * How long a look in the theme folder is trusted. Hundreds of callers connecting at once share
 * one read (a missing file costs a failed open per extension, on a thread of its own), and a
 * sysop's edit shows within this time.
 */
export const THEME_FRESH_MS = 1000;

/** The last look per data directory and screen: when, and the bytes it found. */
const looks = new Map<string, { at: number; bytes: Promise<Uint8Array> }>();

/**
 * The bytes of a theme screen: the sysop's file from `<dataDir>/theme` when there is one, else
 * the built-in art. The folder is looked at again once {@linkcode THEME_FRESH_MS} has passed
 * since the last look; callers in between share its bytes, which they must not change.
 */
export function loadThemeScreen(
  name: ThemeScreen,
  dataDir: string,
  now = performance.now(),
): Promise<Uint8Array> {
  const key = `${dataDir}\0${name}`;
  const last = looks.get(key);
  if (last && now - last.at < THEME_FRESH_MS) return last.bytes;
  const bytes = readThemeScreen(name, dataDir);
  looks.set(key, { at: now, bytes });
  bytes.catch(() => {
    if (looks.get(key)?.bytes === bytes) looks.delete(key);
  });
  return bytes;
}

async function readThemeScreen(name: ThemeScreen, dataDir: string): Promise<Uint8Array> {
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
