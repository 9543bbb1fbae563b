/**
 * The part of a call after login: the character set settled, mail waiting told, the main menu,
 * the goodbye screen. Loaded on first need (see `loadLoggedInMenus` in `call.ts`), so the
 * menus, message bases and file transfers are not read before the daemon listens.
 *
 * @module
 */

import type { Board } from "../board.ts";
import type { Session } from "../session.ts";
import { runMainMenu } from "./main_menu.ts";
import { messageContext } from "./messages/context.ts";
import { mailWaiting } from "./messages/mail.ts";
import { settleCharset } from "./terminal_settings.ts";

/** Runs the logged-in caller's visit up to where the goodbye screen is due. */
export async function runLoggedIn(session: Session, board: Board): Promise<void> {
  await settleCharset(session, board);
  await mailWaiting(messageContext(session, board));
  await runMainMenu(session, board);
  session.activity = "Leaving";
}
