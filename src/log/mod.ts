/**
 * Logging for the daemon: `log.info && log.info("…", { node: 3 })`.
 *
 * @module
 */
export { isLogLevel, log, setLogLevel } from "./log.ts";
export type { LogFn, Logger, LogLevel } from "./log.ts";
