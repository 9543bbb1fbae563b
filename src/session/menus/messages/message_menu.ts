/**
 * The message menu: the current area with its counts and the keys to the area list (A), the
 * listing (L), reading (R), posting (P), new-scan (N), private mail (E), the sysop's area
 * management (S) and back (Q).
 *
 * @module
 */

import { escapePipes } from "../../../terminal/mod.ts";
import type { Board } from "../../board.ts";
import { readKey } from "../../line_input.ts";
import type { Session } from "../../session.ts";
import { manageAreas } from "./area_admin.ts";
import { pickArea, readableAreas } from "./area_picker.ts";
import { postNew } from "./compose.ts";
import { type MessageContext, messageContext } from "./context.ts";
import { runMail } from "./mail.ts";
import { listArea } from "./message_list.ts";
import { readNew } from "./new_scan.ts";
import { readMessages } from "./reader.ts";

/** Runs the message menu until the caller goes back to the main menu. */
export async function runMessageMenu(session: Session, board: Board): Promise<void> {
  const context = messageContext(session, board);
  context.area = (await readableAreas(context))[0];
  let status = "";
  for (;;) {
    session.activity = "Message bases";
    await showMenu(context, status);
    status = "";
    const pressed = await readKey(session);
    const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
    if (choice === "Q" || choice === "escape") return;
    if (typeof pressed === "string") session.echo(choice + "\r\n");
    const area = context.area;
    if (choice === "A") {
      const picked = await pickArea(context);
      if (picked) context.area = picked;
    } else if (choice === "N") {
      status = await readNew(context);
    } else if (choice === "E") {
      await runMail(context);
    } else if (choice === "S" && context.user.isSysop) {
      status = await manageAreas(context);
    } else if (choice === "L" || choice === "R" || choice === "P") {
      if (!area) status = "Choose an area first (A).";
      else if (choice === "L") await listArea(context, area);
      else if (choice === "P") status = await postNew(context, area);
      else {
        const from = (await board.store.lastRead(context.user.id, area.id)) + 1;
        const exit = await readMessages(context, area, Math.min(from, Math.max(1, area.highWater)));
        if (exit === "end") status = "No messages to read here.";
      }
      if (area) context.area = await board.store.areaById(area.id) ?? area;
    } else {
      status = "Press one of the keys in brackets.";
    }
  }
}

async function showMenu(context: MessageContext, status: string): Promise<void> {
  const { session, board, user } = context;
  const counters = await board.store.menuCounters(user.id, context.level);
  const area = context.area;
  const where = area
    ? `|15${escapePipes(area.name)} |08(${
      escapePipes(area.conferenceName)
    }, ${area.messageCount} messages)`
    : "|08no area chosen";
  const sysop = user.isSysop ? "  |09[|15S|09]|07 Manage areas" : "";
  session.print(
    `|CL|15Message bases|07\r\n|08${"─".repeat(Math.min(session.width - 1, 60))}|07\r\n` +
      ` Area: ${where}|07\r\n` +
      ` New messages: |15${counters.newMessages}|07   Unread mail: |15${counters.unreadMail}|07\r\n\r\n` +
      ` |09[|15A|09]|07 Area list   |09[|15L|09]|07 List   |09[|15R|09]|07 Read   |09[|15P|09]|07 Post\r\n` +
      ` |09[|15N|09]|07 New-scan    |09[|15E|09]|07 Private mail   |09[|15Q|09]|07 Back${sysop}\r\n` +
      (status ? `\r\n|14${escapePipes(status)}|07\r\n` : "") +
      `\r\n|15Command|07: `,
  );
}
