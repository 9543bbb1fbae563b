/**
 * One caller's session: telnet in, prompts and menus, text out in the caller's character set.
 * `runCall` drives a whole call on a `Session` the transport feeds.
 *
 * @module
 */
export type { Board } from "./board.ts";
export { NodeTable } from "./nodes.ts";
export { DEFAULT_TERMINAL, Session } from "./session.ts";
export type { Link, SessionOptions, TransferCodec, TransferSink } from "./session.ts";
export { loadLoggedInMenus, runCall } from "./menus/call.ts";
export { whoIsOnline } from "./menus/who.ts";
export type { NodeStatus } from "./menus/who.ts";
export { handleProblem } from "./accounts.ts";
export { watchNodes } from "./watchdog.ts";
