/**
 * The main menu: the theme's `mainmenu` art (who you are, your node, calls and time online),
 * drawn full-screen, and the hotkeys to the rest of the board.
 *
 * @module
 */

import { BRIGHT, CYAN, WHITE } from "../../terminal/mod.ts";
import { loadThemeScreen } from "../../theme/mod.ts";
import { prepareArt } from "../art.ts";
import type { Board } from "../board.ts";
import { readKey } from "../line_input.ts";
import { mciValues } from "../screen_values.ts";
import type { Session } from "../session.ts";
import { pressAnyKey } from "./prompts.ts";
import { accessLevel } from "./area_context.ts";
import { runFileMenu } from "./files/file_menu.ts";
import { runMessageMenu } from "./messages/message_menu.ts";
import { runTerminalSettings } from "./terminal_settings.ts";
import { showWhoIsOnline } from "./who.ts";

/** Menu entries: hotkey, label, and whether the part exists yet. */
const ENTRIES = [
  { key: "M", label: "Message bases", ready: true },
  { key: "F", label: "File areas", ready: true },
  { key: "C", label: "Chat", ready: false },
  { key: "W", label: "Who's online", ready: true },
  { key: "T", label: "Terminal settings", ready: true },
  { key: "G", label: "Goodbye", ready: true },
] as const;

const PROMPT_STYLE = { fg: WHITE + BRIGHT, bg: 0, flags: 0 };
const HINT_STYLE = { fg: CYAN, bg: 0, flags: 0 };

/**
 * Draws the main menu full-screen: the theme art with its MCI codes filled in, and the
 * command prompt under it with the cursor after it.
 */
export async function showMainMenu(session: Session, board: Board, hint = ""): Promise<void> {
  const user = session.caller!;
  const counters = await board.store.menuCounters(user.id, accessLevel(user));
  const art = prepareArt(
    await loadThemeScreen("mainmenu", board.config.data),
    mciValues(session, board, counters),
  );
  const screen = session.newScreen();
  const canvas = art.parts[0]!;
  screen.draw(canvas, 0, 0);
  const row = Math.min(canvas.usedHeight + 1, screen.height - 1);
  if (hint && row + 1 < screen.height) screen.write(1, row + 1, hint, HINT_STYLE);
  screen.cursorX = screen.write(1, row, "Command: ", PROMPT_STYLE);
  screen.cursorY = row;
  session.render(screen);
  // Keys echo at the prompt and other screens print below: the next draw starts afresh anyway.
  session.releaseRenderer();
}

/** Runs the main menu until the caller says goodbye. */
export async function runMainMenu(session: Session, board: Board): Promise<void> {
  let hint = "";
  for (;;) {
    session.activity = "Main menu";
    await showMainMenu(session, board, hint);
    hint = "";
    const pressed = await readKey(session);
    if (typeof pressed !== "string") continue;
    const choice = pressed.toUpperCase();
    const entry = ENTRIES.find((e) => e.key === choice);
    if (!entry) {
      hint = "Press one of the keys in brackets.";
      continue;
    }
    session.echo(entry.key + "\r\n");
    if (choice === "G") return;
    if (choice === "M") {
      await runMessageMenu(session, board);
    } else if (choice === "F") {
      await runFileMenu(session, board);
    } else if (choice === "W") {
      session.activity = "Who's online";
      await showWhoIsOnline(session, board);
      await pressAnyKey(session);
    } else if (choice === "T") {
      await runTerminalSettings(session, board);
    } else {
      hint = `${entry.label} open in a coming release.`;
    }
  }
}
