/**
 * An area's messages as a full-screen list, a page at a time (25, or what the terminal
 * holds), newest or oldest first, with a highlight bar to pick one to read.
 *
 * @module
 */

import type { MessageArea, MessageHeader, MessagePage } from "../../../storage/mod.ts";
import type { Screen } from "../../../terminal/mod.ts";
import { readKey } from "../../line_input.ts";
import { fit, formatDateTime } from "../format.ts";
import { cellText, type MessageContext, STYLES } from "./context.ts";
import { readMessages } from "./reader.ts";

/** Messages per page when the terminal is tall enough (as the store pages by default). */
export const PAGE_SIZE = 25;
/** Rows around the list: title, column heads, the key line. */
const CHROME_ROWS = 3;

/** Runs the listing of `area` until the caller leaves it. */
export async function listArea(context: MessageContext, listed: MessageArea): Promise<void> {
  let area = listed;
  const { session, board } = context;
  let direction: "newest" | "oldest" = "newest";
  let bound: Pick<MessagePage, "before" | "after"> = {};
  let selected = 0;
  session.activity = `Listing ${area.name}`;
  try {
    for (;;) {
      const perPage = Math.max(1, Math.min(PAGE_SIZE, session.height - CHROME_ROWS));
      // Counts move as others post; the area row is cached, so this costs little.
      area = await board.store.areaById(area.id) ?? area;
      let page = await board.store.listMessages(area.id, { direction, ...bound, limit: perPage });
      if (page.length === 0 && (bound.before !== undefined || bound.after !== undefined)) {
        bound = {};
        page = await board.store.listMessages(area.id, { direction, limit: perPage });
      }
      selected = Math.min(selected, Math.max(0, page.length - 1));
      let redraw = true;
      while (redraw) {
        redraw = false;
        drawList(context, area, page, selected, direction);
        const pressed = await readKey(session);
        const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
        if (choice === "up" && selected > 0) {
          selected--;
          redraw = true;
        } else if (choice === "down" && selected < page.length - 1) {
          selected++;
          redraw = true;
        } else if ((choice === "enter" || choice === "R") && page[selected]) {
          await readMessages(context, area, page[selected]!.number);
        } else if (choice === "N" || choice === "pageDown" || choice === " ") {
          if (page.length > 0) bound = forward(direction, page.at(-1)!);
          selected = 0;
        } else if (choice === "P" || choice === "pageUp") {
          if (page.length > 0) bound = backward(direction, page[0]!);
          selected = 0;
        } else if (choice === "O") {
          direction = direction === "newest" ? "oldest" : "newest";
          bound = {};
          selected = 0;
        } else if (choice === "Q" || choice === "escape") {
          return;
        } else {
          redraw = true;
        }
      }
    }
  } finally {
    session.releaseRenderer();
  }
}

/** The bound for the page after `last` in reading order. */
function forward(
  direction: "newest" | "oldest",
  last: MessageHeader,
): Pick<MessagePage, "before" | "after"> {
  return direction === "newest" ? { before: last.number } : { after: last.number };
}

/** The bound for the page before `first` in reading order. */
function backward(
  direction: "newest" | "oldest",
  first: MessageHeader,
): Pick<MessagePage, "before" | "after"> {
  return direction === "newest" ? { after: first.number } : { before: first.number };
}

function drawList(
  context: MessageContext,
  area: MessageArea,
  page: readonly MessageHeader[],
  selected: number,
  direction: "newest" | "oldest",
): void {
  const { session } = context;
  const screen: Screen = session.newScreen();
  const width = screen.width;
  screen.fill(0, 0, width, 1, 0x20, STYLES.title);
  screen.write(1, 0, cellText(`${area.conferenceName} / ${area.name}`), STYLES.title);
  const info = `${area.messageCount} message${
    area.messageCount === 1 ? "" : "s"
  }, ${direction} first`;
  screen.write(Math.max(0, width - info.length - 1), 0, info, STYLES.title);
  const subjectWidth = Math.max(10, width - 6 - 17 - 17 - 17 - 4);
  screen.write(
    0,
    1,
    `${"#".padStart(6)} ${fit("From", 16)} ${fit("To", 16)} ${fit("Subject", subjectWidth)} Date`,
    STYLES.label,
  );
  page.forEach((message, i) => {
    const style = i === selected ? STYLES.bar : STYLES.text;
    if (i === selected) screen.fill(0, 2 + i, width, 1, 0x20, STYLES.bar);
    const replies = message.replyCount > 0 ? ` (${message.replyCount})` : "";
    screen.write(
      0,
      2 + i,
      `${String(message.number).padStart(6)} ${fit(cellText(message.fromHandle), 16)} ` +
        `${fit(cellText(message.toHandle ?? "All"), 16)} ${
          fit(cellText(message.subject) + replies, subjectWidth)
        } ` +
        formatDateTime(message.createdAt).slice(2),
      style,
    );
  });
  if (page.length === 0) screen.write(2, 2, "No messages here yet.", STYLES.dim);
  const keys = "Up/Dn select  Enter read  N)ext page  P)rev page  O)rder  Q)uit";
  screen.cursorX = screen.write(0, screen.height - 1, keys, STYLES.key);
  screen.cursorY = screen.height - 1;
  session.render(screen);
}
