/**
 * "Read new": every area with unread messages, in display order, each read from its first
 * unread message; Next past an area's last message goes on to the next area.
 *
 * @module
 */

import { escapePipes } from "../../../terminal/mod.ts";
import { confirm } from "../prompts.ts";
import type { MessageContext } from "./context.ts";
import { readMessages } from "./reader.ts";

/** Runs the new-scan. @returns a line for the caller saying how it went */
export async function readNew(context: MessageContext): Promise<string> {
  const { session, board, user } = context;
  session.activity = "Reading new messages";
  const areas = await board.store.newScan(user.id, context.level);
  if (areas.length === 0) return "No new messages.";
  const total = areas.reduce((sum, entry) => sum + entry.unread, 0);
  session.print(
    `|CL|15${total} new message${total === 1 ? "" : "s"} in ${areas.length} area${
      areas.length === 1 ? "" : "s"
    }.|07\r\n`,
  );
  for (let i = 0; i < areas.length; i++) {
    const entry = areas[i]!;
    const area = await board.store.areaById(entry.areaId);
    if (!area) continue;
    context.area = area;
    const exit = await readMessages(context, area, entry.firstUnread, { newScan: true });
    if (exit === "quit") return "New-scan stopped.";
    const next = areas[i + 1];
    if (
      next &&
      !await confirm(session, `\r\nOn to ${escapePipes(next.name)} (${next.unread} new)?`, true)
    ) {
      return "New-scan stopped.";
    }
  }
  return "You have read everything new.";
}
