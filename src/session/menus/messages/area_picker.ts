/**
 * The area list: every area the caller may read, grouped by conference, with message and new
 * counts, and a prompt to change area.
 *
 * @module
 */

import type { MessageArea } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import { pickFromAreas } from "../area_picker.ts";
import { fit } from "../format.ts";
import type { MessageContext } from "./context.ts";

/** The areas the caller may read, in display order. */
export async function readableAreas(context: MessageContext): Promise<readonly MessageArea[]> {
  return await context.board.store.listAreas({ level: context.level });
}

/**
 * Lists the areas and lets the caller pick one by number.
 *
 * @returns the chosen area, or `undefined` to keep the current one
 */
export async function pickArea(context: MessageContext): Promise<MessageArea | undefined> {
  const { session, board, user } = context;
  session.activity = "Choosing an area";
  const [areas, unread] = await Promise.all([
    readableAreas(context),
    board.store.newScan(user.id, context.level),
  ]);
  const newByArea = new Map(unread.map((entry) => [entry.areaId, entry.unread]));
  return await pickFromAreas(context, areas, {
    title: "Message areas",
    columns: `${fit("Area", 44)} Messages    New`,
    none: "\r\n|12There are no message areas you can read yet.|07\r\n",
    heading: (area, previous) =>
      previous?.conferenceId === area.conferenceId
        ? ""
        : `|09${escapePipes(area.conferenceName)}|07\r\n`,
    row: (area) => {
      const fresh = newByArea.get(area.id) ?? 0;
      return `|15${escapePipes(fit(area.name, 44))}|07 ${String(area.messageCount).padStart(8)} ${
        fresh > 0 ? "|10" : "|08"
      }${String(fresh).padStart(6)}|07`;
    },
  });
}
