/**
 * Theme screens: the sysop's art in `<data>/theme`, falling back to Carrier's own.
 *
 * @module
 */
export { builtInScreen, loadThemeScreen, THEME_SCREENS } from "./theme.ts";
export type { ThemeScreen } from "./theme.ts";
