/**
 * The message reader: one message full-screen (header, body paged to the terminal height) with
 * next/previous, jump, reply, thread and delete on single keys. Reading moves the caller's
 * last-read pointer.
 *
 * @module
 */

import { bodyLines, canDelete, canPost } from "../../../messages/mod.ts";
import type { Message, MessageArea } from "../../../storage/mod.ts";
import { type Screen, writePipeText } from "../../../terminal/mod.ts";
import { readKey, readLine } from "../../line_input.ts";
import { confirm } from "../prompts.ts";
import { formatDateTime } from "../format.ts";
import { replyTo } from "./compose.ts";
import { cellText, type MessageContext, STYLES } from "./context.ts";

/** How the reader was left. */
export type ReaderExit = "quit" | "end";

/** Options of `readMessages`. */
export interface ReaderOptions {
  /** Reading new messages: Next past the last one ends the area (`"end"`) instead of stopping. */
  newScan?: boolean;
}

const QUOTED = /^\s*\p{Lu}{0,3}> /u;
const HEADER_ROWS = 5;

/**
 * Reads `area` from message `number` on (or the first after it).
 *
 * @returns `"end"` when the caller read past the last message in new-scan mode, else `"quit"`
 */
export async function readMessages(
  context: MessageContext,
  area: MessageArea,
  number: number,
  options: ReaderOptions = {},
): Promise<ReaderExit> {
  const { session, board, user } = context;
  const store = board.store;
  let message = await store.readMessage(area.id, number, "exact") ??
    await store.readMessage(area.id, number, "next");
  if (!message) return "end";
  let pointer = await store.lastRead(user.id, area.id);
  let scroll = 0;
  let status = "";
  // The body wrapped to the terminal, redone only for another message or width.
  let lines: string[] = [];
  let wrapped: { message: Message; width: number } | undefined;
  session.activity = `Reading ${area.name}`;
  try {
    for (;;) {
      if (message.number > pointer) {
        pointer = message.number;
        await store.setLastRead(user.id, area.id, pointer);
      }
      if (wrapped?.message !== message || wrapped.width !== session.width) {
        wrapped = { message, width: session.width };
        lines = bodyLines(message.body, {
          width: session.width - 1,
          allowPipeCodes: area.allowPipeCodes,
        });
      }
      const room = Math.max(1, session.height - HEADER_ROWS - 2);
      scroll = Math.max(0, Math.min(scroll, lines.length - room));
      drawMessage(context, area, message, lines, scroll, status);
      status = "";
      const pressed = await readKey(session);
      const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
      const atEnd = scroll + room >= lines.length;
      let next: Message | undefined;
      if (choice === " " && !atEnd || choice === "pageDown" || choice === "down") {
        scroll += choice === "down" ? 1 : room;
        continue;
      }
      if (choice === "pageUp" || choice === "up") {
        scroll -= choice === "up" ? 1 : room;
        continue;
      }
      if (choice === "N" || choice === " " || choice === "right" || choice === "enter") {
        next = await store.readMessage(area.id, message.number, "next");
        if (!next) {
          if (options.newScan) return "end";
          status = "That was the last message in this area.";
        }
      } else if (choice === "P" || choice === "left") {
        next = await store.readMessage(area.id, message.number, "previous");
        if (!next) status = "That was the first message in this area.";
      } else if (choice === "J") {
        next = await jump(context, area);
        if (!next) status = "No such message.";
      } else if (choice === "U") {
        next = message.replyToId === null ? undefined : await store.messageById(message.replyToId);
        if (!next) status = "This message is not a reply.";
      } else if (choice === "T") {
        next = message.threadRootId === message.id
          ? undefined
          : await store.messageById(message.threadRootId);
        if (!next) status = "This message starts its thread.";
      } else if (choice === "R") {
        if (!canPost(area, user)) status = "You may read this area but not post in it.";
        else status = await replyTo(context, area, message) ?? "";
      } else if (choice === "D") {
        if (!canDelete(message, user)) {
          status = "You can only delete your own messages.";
        } else if (await confirm(session, `Delete message #${message.number}?`)) {
          await store.deleteMessage(message.id);
          next = await store.readMessage(area.id, message.number, "next") ??
            await store.readMessage(area.id, message.number, "previous");
          if (!next) return "quit";
          status = `Message deleted.`;
        }
      } else if (choice === "Q" || choice === "escape") {
        return "quit";
      }
      if (next) {
        message = next;
        scroll = 0;
      }
    }
  } finally {
    session.releaseRenderer();
  }
}

async function jump(context: MessageContext, area: MessageArea): Promise<Message | undefined> {
  const { session } = context;
  session.print(`\r\n|15Message number|07 (1-${area.highWater}): `);
  const typed = await readLine(session, {
    maxLength: 9,
    accept: (char) => char >= "0" && char <= "9",
  });
  const number = Number(typed);
  return typed === "" ? undefined : await context.board.store.readMessage(area.id, number, "exact");
}

function drawMessage(
  context: MessageContext,
  area: MessageArea,
  message: Message,
  lines: string[],
  scroll: number,
  status: string,
): void {
  const { session } = context;
  const screen: Screen = session.newScreen();
  const width = screen.width;
  screen.fill(0, 0, width, 1, 0x20, STYLES.title);
  screen.write(1, 0, cellText(`${area.conferenceName} / ${area.name}`), STYLES.title);
  const position = `#${message.number} of ${area.highWater}`;
  screen.write(Math.max(0, width - position.length - 1), 0, position, STYLES.title);
  field(screen, 1, "From", cellText(message.fromHandle), 1);
  field(screen, 1, "To", cellText(message.toHandle ?? "All"), Math.floor(width / 2));
  field(screen, 2, "Subj", cellText(message.subject), 1);
  field(screen, 3, "Date", formatDateTime(message.createdAt), 1);
  const links = `${message.replyCount} repl${message.replyCount === 1 ? "y" : "ies"}` +
    (message.replyToId === null ? "" : " · a reply (U: up)") +
    (message.threadRootId === message.id ? "" : " · T: thread start");
  field(screen, 3, "Thread", links, Math.floor(width / 2));
  screen.fill(0, 4, width, 1, 0x2500, STYLES.dim);
  const room = Math.max(1, screen.height - HEADER_ROWS - 2);
  for (let i = 0; i < room && scroll + i < lines.length; i++) {
    const line = lines[scroll + i]!;
    writePipeText(screen, 0, HEADER_ROWS + i, line, QUOTED.test(line) ? STYLES.quote : STYLES.text);
  }
  const more = scroll + room < lines.length
    ? ` -- more (${lines.length - scroll - room} lines) --`
    : "";
  screen.fill(0, screen.height - 2, width, 1, 0x2500, STYLES.dim);
  if (more) screen.write(2, screen.height - 2, more, STYLES.label);
  const keys = status ||
    "N)ext P)rev J)ump R)eply U)p T)hread D)elete Q)uit  Space: more";
  screen.cursorX = screen.write(0, screen.height - 1, keys, status ? STYLES.value : STYLES.key);
  screen.cursorY = screen.height - 1;
  session.render(screen);
}

function field(screen: Screen, row: number, label: string, value: string, x: number): void {
  const after = screen.write(x, row, `${label}: `.padEnd(8), STYLES.label);
  screen.write(after, row, value, STYLES.value);
}
