/**
 * The board's watchdog, run every second: warns and disconnects idle callers, and callers whose
 * time for this call is up.
 *
 * @module
 */

import { log } from "../log/mod.ts";
import type { Board } from "./board.ts";
import { minutesLeft } from "./screen_values.ts";

/** Minutes before the end of a call's time at which the caller is warned. */
const TIME_WARNING_MINUTES = 2;

/** Checks every node once at `now`. */
export function watchNodes(board: Board, now = Date.now()): void {
  const { idleTimeoutSeconds, idleWarningSeconds } = board.config;
  const timeoutMs = idleTimeoutSeconds * 1000;
  const warnAtMs = timeoutMs - idleWarningSeconds * 1000;
  for (const session of board.nodes.occupants()) {
    // A long download gets no keystrokes; the transfer protocol has timeouts of its own.
    if (session.transferring) continue;
    const idle = now - session.lastInputAt;
    if (idle >= timeoutMs) {
      log.info?.("Idle timeout", { node: session.node, handle: session.caller?.handle });
      void session.disconnect("\r\n|12You have been idle too long. Goodbye!|07\r\n");
      continue;
    }
    if (idle >= warnAtMs && !session.idleWarned && idleWarningSeconds > 0) {
      session.idleWarned = true;
      const left = Math.ceil((timeoutMs - idle) / 1000);
      session.print(
        `\r\n|14Are you still there? You will be disconnected in ${left} seconds.|07\r\n`,
      );
    }
    if (session.loggedInAt === undefined) continue;
    const left = minutesLeft(session, board, now);
    if (left === 0) {
      log.info?.("Time limit reached", { node: session.node, handle: session.caller?.handle });
      void session.disconnect("\r\n|12Your time for this call is up. Call again soon!|07\r\n");
    } else if (left !== undefined && left <= TIME_WARNING_MINUTES && !session.timeWarned) {
      session.timeWarned = true;
      session.print(
        `\r\n|14You have ${left} minute${left === 1 ? "" : "s"} left in this call.|07\r\n`,
      );
    }
  }
}
