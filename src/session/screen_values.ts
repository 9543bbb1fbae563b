/**
 * The values MCI codes show for one caller on one board.
 *
 * @module
 */

import type { MenuCounters } from "../storage/mod.ts";
import { CHARSET_NAMES, type MciCode, type MciSource } from "../terminal/mod.ts";
import type { Board } from "./board.ts";
import { formatDateTime } from "./menus/format.ts";
import type { Session } from "./session.ts";

/** Minutes left in this call, or `undefined` when calls have no limit. */
export function minutesLeft(session: Session, board: Board, now = Date.now()): number | undefined {
  if (board.config.callMinutes === 0) return undefined;
  const used = (now - (session.loggedInAt ?? session.connectedAt)) / 60_000;
  return Math.max(0, Math.floor(board.config.callMinutes - used));
}

/**
 * An `MciSource` answering for `session` on `board`, at the moment each code is read; the
 * message counters (`|MN`, `|MU`) come from `counters` when the screen shows them.
 */
export function mciValues(session: Session, board: Board, counters?: MenuCounters): MciSource {
  return (code: MciCode) => {
    const user = session.caller;
    const now = new Date();
    switch (code) {
      case "BN":
        return board.config.systemName;
      case "UH":
        return user?.handle;
      case "UR":
        return user?.realName;
      case "UL":
        return user?.location;
      case "US":
        return user?.securityLevel;
      case "UC":
        return user?.calls;
      case "UX":
        return user ? formatDateTime(user.lastLoginAt) : undefined;
      case "ND":
        return session.node;
      case "NM":
        return board.nodes.capacity;
      case "NU":
        return board.nodes.used;
      case "TO":
        return Math.floor((now.getTime() - (session.loggedInAt ?? session.connectedAt)) / 60_000);
      case "TL":
        return minutesLeft(session, board, now.getTime()) ?? "no limit";
      case "DA":
        return formatDateTime(now).slice(0, 10);
      case "TI":
        return formatDateTime(now).slice(11);
      case "TT":
        return session.terminalType;
      case "TW":
        return session.width;
      case "TH":
        return session.height;
      case "TS":
        return `${session.width}x${session.height}`;
      case "CS":
        return CHARSET_NAMES[session.charset];
      case "MN":
        return counters?.newMessages;
      case "MU":
        return counters?.unreadMail;
    }
  };
}
