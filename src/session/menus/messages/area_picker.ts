/**
 * The area list: every area the caller may read, grouped by conference, with message and new
 * counts, and a prompt to change area.
 *
 * @module
 */

import type { MessageArea } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import { readLine } from "../../line_input.ts";
import { Pager } from "../../pager.ts";
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
  if (areas.length === 0) {
    session.print("\r\n|12There are no message areas you can read yet.|07\r\n");
    return undefined;
  }
  const newByArea = new Map(unread.map((entry) => [entry.areaId, entry.unread]));
  const pager = new Pager(session);
  session.print(`|CL|15Message areas|07\r\n|11   #  ${fit("Area", 44)} Messages    New|07\r\n`);
  let conference = -1;
  let shown = 2;
  for (let i = 0; i < areas.length; i++) {
    const area = areas[i]!;
    if (area.conferenceId !== conference) {
      conference = area.conferenceId;
      session.print(`|09${escapePipes(area.conferenceName)}|07\r\n`);
      shown++;
    }
    const current = context.area?.id === area.id ? "|14*" : " ";
    const fresh = newByArea.get(area.id) ?? 0;
    session.print(
      `|07${String(i + 1).padStart(4)}${current} |15${escapePipes(fit(area.name, 44))}|07 ` +
        `${String(area.messageCount).padStart(8)} ${fresh > 0 ? "|10" : "|08"}${
          String(fresh).padStart(6)
        }|07\r\n`,
    );
    shown++;
    if (!await pager.lines(shown)) break;
    shown = 0;
  }
  session.print("\r\n|15Area number|07 (Enter keeps the current one): ");
  const typed = await readLine(session, {
    maxLength: 5,
    accept: (char) => char >= "0" && char <= "9",
  });
  const chosen = areas[Number(typed) - 1];
  if (typed !== "" && !chosen) session.print("|12No such area.|07\r\n");
  return chosen;
}
