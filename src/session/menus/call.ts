/**
 * One call from connect to hang-up: negotiation, welcome, login, main menu, goodbye. This is
 * the session's error boundary: whatever fails, the caller gets a short message, the log gets
 * the detail, and the node is freed.
 *
 * @module
 */

import { isCarrierError } from "../../errors.ts";
import { log } from "../../log/mod.ts";
import { escapePipes } from "../../terminal/mod.ts";
import type { Board } from "../board.ts";
import type { Session } from "../session.ts";
import { logIn } from "./login.ts";
import { runMainMenu } from "./main_menu.ts";

/** Runs a whole call on `session` and frees its node at the end. Never rejects. */
export async function runCall(session: Session, board: Board): Promise<void> {
  log.info?.("Connect", { node: session.node, address: session.remoteAddress });
  try {
    await session.negotiate();
    log.debug?.("Negotiated", {
      node: session.node,
      terminal: session.terminalType,
      size: `${session.width}x${session.height}`,
      echo: session.echoes,
    });
    showWelcome(session, board);
    const user = await logIn(session, board);
    if (user) {
      await runMainMenu(session, board);
      await session.disconnect(
        `\r\n|15Thanks for calling ${escapePipes(board.config.systemName)}, ${
          escapePipes(user.handle)
        }.` +
          ` |07Goodbye!\r\n`,
      );
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

function showWelcome(session: Session, board: Board): void {
  const name = board.config.systemName;
  const rule = "-".repeat([...name].length + 4);
  session.print(
    `|CL|09+${rule}+\r\n` +
      `|09||  |15${escapePipes(name)}|09  ||\r\n` +
      `|09+${rule}+|07\r\n` +
      `|08Carrier BBS, node ${session.node} of ${board.nodes.capacity}. ` +
      `Terminal: ${escapePipes(session.terminalType)} ${session.width}x${session.height}.|07\r\n`,
  );
}
