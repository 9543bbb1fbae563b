/**
 * Who's online: every node in use, who holds it and what they are doing.
 *
 * @module
 */

import { escapePipes } from "../../terminal/mod.ts";
import type { Board } from "../board.ts";
import { Pager } from "../pager.ts";
import type { Session } from "../session.ts";
import { fit, formatDuration } from "./format.ts";

/** One row of the who's-online list. */
export interface NodeStatus {
  node: number;
  handle: string | undefined;
  location: string;
  activity: string;
  /** Milliseconds since the caller logged in (or connected, before login). */
  onFor: number;
}

/** The current nodes in node order. */
export function whoIsOnline(board: Board, now = Date.now()): NodeStatus[] {
  const rows: NodeStatus[] = [];
  for (const session of board.nodes.occupants()) {
    rows.push({
      node: session.node,
      handle: session.caller?.handle,
      location: session.caller?.location ?? "",
      activity: session.activity,
      onFor: now - (session.loggedInAt ?? session.connectedAt),
    });
  }
  return rows;
}

/** Shows the who's-online list to `session`, a screenful at a time. */
export async function showWhoIsOnline(session: Session, board: Board): Promise<void> {
  const rows = whoIsOnline(board);
  const pager = new Pager(session);
  session.print(
    `\r\n|15Who's online |08(${rows.length} of ${board.nodes.capacity} nodes)\r\n` +
      `|11Node  Handle                          Location              Activity         On for\r\n` +
      `|08${"─".repeat(Math.min(session.width - 1, 80))}\r\n`,
  );
  if (!await pager.lines(4)) return;
  for (const row of rows) {
    const you = row.node === session.node ? "|14*" : " ";
    const handle = row.handle === undefined
      ? `|08${fit("(logging in)", 31)}`
      : `|15${escapePipes(fit(row.handle, 31))}`;
    const location = escapePipes(fit(row.location, 21));
    session.print(
      `|07${String(row.node).padStart(4)}${you} ${handle} |07${location} ` +
        `|03${fit(row.activity, 16)} |07${formatDuration(row.onFor)}\r\n`,
    );
    if (!await pager.lines(1)) return;
  }
  session.print("|07\r\n");
}
