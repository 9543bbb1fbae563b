/**
 * The network edge: the accept loop, the telnet transport, and the daemon that ties the store,
 * the sessions and the listener together.
 *
 * @module
 */
export { startDaemon } from "./daemon.ts";
export type { Daemon } from "./daemon.ts";
export { READ_BUFFER_BYTES } from "./connection.ts";
