/**
 * The main menu: who you are, your node, calls and time online, and the hotkeys to the rest of
 * the board.
 *
 * @module
 */

import { escapePipes } from "../../terminal/mod.ts";
import type { Board } from "../board.ts";
import { readKey } from "../line_input.ts";
import type { Session } from "../session.ts";
import { formatDateTime, formatDuration } from "./format.ts";
import { pressAnyKey } from "./prompts.ts";
import { showWhoIsOnline } from "./who.ts";

/** Menu entries: hotkey, label, and whether the part exists yet. */
const ENTRIES = [
  { key: "M", label: "Message bases", ready: false },
  { key: "F", label: "File areas", ready: false },
  { key: "C", label: "Chat", ready: false },
  { key: "W", label: "Who's online", ready: true },
  { key: "G", label: "Goodbye", ready: true },
] as const;

/** Draws the main menu screen for the logged-in caller. */
export function showMainMenu(session: Session, board: Board): void {
  const user = session.caller!;
  const rank = user.isSysop ? ", sysop" : "";
  const onFor = formatDuration(Date.now() - (session.loggedInAt ?? session.connectedAt));
  let text = `|CL|15${escapePipes(board.config.systemName)} |08- |07Main Menu\r\n` +
    `|08${"─".repeat(Math.min(session.width - 1, 60))}\r\n` +
    `|07 Caller   |15${escapePipes(user.handle)} |08(level ${user.securityLevel}${rank})\r\n` +
    `|07 Node     |15${session.node} |08of ${board.nodes.capacity}\r\n` +
    `|07 Calls    |15${user.calls}|07    Time online |15${onFor}\r\n` +
    `|07 Last on  |15${formatDateTime(user.lastLoginAt)}\r\n` +
    `|07 Terminal |15${
      escapePipes(session.terminalType)
    } ${session.width}x${session.height}\r\n\r\n`;
  for (const entry of ENTRIES) {
    const later = entry.ready ? "" : " |08(opening soon)";
    text += ` |11[${entry.key}]|07 ${entry.label}${later}\r\n`;
  }
  session.print(text);
}

/** Runs the main menu until the caller says goodbye. */
export async function runMainMenu(session: Session, board: Board): Promise<void> {
  let redraw = true;
  for (;;) {
    session.activity = "Main menu";
    if (redraw) showMainMenu(session, board);
    redraw = false;
    session.print("\r\n|15Command|07: ");
    const pressed = await readKey(session);
    if (typeof pressed !== "string") {
      if (pressed.name === "enter") redraw = true;
      continue;
    }
    const choice = pressed.toUpperCase();
    const entry = ENTRIES.find((e) => e.key === choice);
    session.echo(entry ? entry.key + "\r\n" : "\r\n");
    if (choice === "G") return;
    if (choice === "W") {
      session.activity = "Who's online";
      showWhoIsOnline(session, board);
      await pressAnyKey(session);
      redraw = true;
    } else if (entry) {
      session.print(`|14${entry.label} open in a coming release.|07\r\n`);
    } else if (choice === "?") {
      redraw = true;
    } else {
      session.print("|08Press one of the keys in brackets, or ? for the menu.|07\r\n");
    }
  }
}
