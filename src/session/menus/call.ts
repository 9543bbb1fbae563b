/**
 * One call from connect to hang-up: negotiation, welcome, login, main menu, goodbye. This is
 * the session's error boundary: whatever fails, the caller gets a short message, the log gets
 * the detail, and the node is freed.
 *
 * @module
 */

import { isCarrierError } from "../../errors.ts";
import { log } from "../../log/mod.ts";
import { loadThemeScreen } from "../../theme/mod.ts";
import { prepareArt, showArt } from "../art.ts";
import { mciValues } from "../screen_values.ts";
import type { Board } from "../board.ts";
import type { Session } from "../session.ts";
import { logIn } from "./login.ts";

let loggedInMenus: Promise<typeof import("./logged_in.ts")> | undefined;

/**
 * Loads what a caller needs after login (the menus, message bases, file transfers): once, on
 * the first login or when the daemon asks ahead of it, after it listens.
 */
export function loadLoggedInMenus(): Promise<typeof import("./logged_in.ts")> {
  const loading = loggedInMenus ??= import("./logged_in.ts");
  loading.catch(() => {
    if (loggedInMenus === loading) loggedInMenus = undefined;
  });
  return loading;
}

/** Runs a whole call on `session` and frees its node at the end. Never rejects. */
export async function runCall(session: Session, board: Board): Promise<void> {
  log.info?.("Connect", { node: session.node, address: session.remoteAddress });
  try {
    await session.negotiate();
    session.applyTerminalProfile();
    log.debug?.("Negotiated", {
      node: session.node,
      terminal: session.terminalType,
      size: `${session.width}x${session.height}`,
      echo: session.echoes,
    });
    await showThemeScreen(session, board, "welcome");
    const user = await logIn(session, board);
    if (user) {
      const { runLoggedIn } = await loadLoggedInMenus();
      await runLoggedIn(session, board);
      await showThemeScreen(session, board, "goodbye");
      await session.disconnect();
    } else {
      await session.disconnect("|07Goodbye.\r\n");
    }
  } catch (error) {
    if (isCarrierError(error, "HANGUP")) {
      log.info?.("Hang-up", { node: session.node, reason: error.message });
    } else {
      log.error?.("Session failed", { node: session.node, handle: session.caller?.handle, error });
      log.debug?.("Session failure detail", { stack: (error as Error).stack });
      await session.disconnect(
        "\r\n|12Sorry, something went wrong on the board. Please call again.|07\r\n",
      );
    }
  } finally {
    session.hangup();
    board.nodes.release(session.node, session);
    log.info?.("Disconnect", { node: session.node, handle: session.caller?.handle });
  }
}

/** Shows a theme screen as scrolling art, at the board's art speed. */
async function showThemeScreen(
  session: Session,
  board: Board,
  name: "welcome" | "goodbye",
): Promise<void> {
  const art = prepareArt(await loadThemeScreen(name, board.config.data), mciValues(session, board));
  await showArt(session, art, { baud: board.config.artBaud });
}
