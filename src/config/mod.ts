/**
 * Settings: `loadConfig` merges defaults, a JSONC file, `CARRIER_*` variables and flags.
 *
 * @module
 */
export { configKeys, DEFAULT_CONFIG, envName, flagName, loadConfig } from "./config.ts";
export type { Config, ConfigSources } from "./config.ts";
export { parseJsonc } from "./jsonc.ts";
