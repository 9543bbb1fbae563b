/**
 * Writing messages: a new post (To, Subject, the editor) and a reply with quoting.
 *
 * @module
 */

import { canPost, replySubject } from "../../../messages/mod.ts";
import type { Message, MessageArea } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import { readLine } from "../../line_input.ts";
import { editMessage } from "../editor.ts";
import type { MessageContext } from "./context.ts";

/** Longest subject. */
export const SUBJECT_MAX = 60;

/**
 * Asks for the addressee, a subject and the body, and posts the message.
 *
 * @returns a line for the caller saying what happened
 */
export async function postNew(context: MessageContext, area: MessageArea): Promise<string> {
  const { session } = context;
  if (!canPost(area, context.user)) return "You may read this area but not post in it.";
  session.activity = `Posting in ${area.name}`;
  session.print(
    `|CL|15Post a message in ${escapePipes(area.name)}|07\r\n\r\n|11To|07 (Enter for All): `,
  );
  const to = (await readLine(session, { maxLength: 30 })).trim();
  session.print("|11Subject|07: ");
  const subject = (await readLine(session, { maxLength: SUBJECT_MAX })).trim();
  if (subject === "") return "No subject: nothing posted.";
  return await write(context, area, { to: to === "" ? null : to, subject });
}

/**
 * Replies to `original` in its area, quoting on /Q.
 *
 * @returns a line for the caller saying what happened
 */
export async function replyTo(
  context: MessageContext,
  area: MessageArea,
  original: Message,
): Promise<string> {
  const { session } = context;
  session.activity = `Replying in ${area.name}`;
  session.print(
    `|CL|15Reply to #${original.number} by ${escapePipes(original.fromHandle)}|07\r\n` +
      `|11Subject|07: ${escapePipes(replySubject(original.subject))}\r\n`,
  );
  return await write(context, area, {
    to: original.fromHandle,
    subject: replySubject(original.subject),
    replyToId: original.id,
    quote: { author: original.fromHandle, body: original.body },
  });
}

async function write(
  context: MessageContext,
  area: MessageArea,
  header: {
    to: string | null;
    subject: string;
    replyToId?: number;
    quote?: { author: string; body: string };
  },
): Promise<string> {
  const { session, board, user } = context;
  const body = await editMessage(session, header.quote);
  if (body === undefined) return "Message thrown away.";
  session.print("|08Saving...|07");
  const posted = await board.store.postMessage({
    areaId: area.id,
    fromUserId: user.id,
    fromHandle: user.handle,
    toHandle: header.to,
    subject: header.subject,
    body,
    ...(header.replyToId === undefined ? {} : { replyToId: header.replyToId }),
  });
  // The caller's own message counts as read when they had read everything before it.
  if (await board.store.lastRead(user.id, area.id) >= posted.number - 1) {
    await board.store.setLastRead(user.id, area.id, posted.number);
  }
  session.print(`\r|10Saved as #${posted.number} in ${escapePipes(area.name)}.|07\r\n`);
  return `Saved as #${posted.number}.`;
}
