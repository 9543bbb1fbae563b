/**
 * Private mail: the inbox and sent mail, reading (which marks mail read), replying, writing
 * to a caller by handle, and deleting one's own copy.
 *
 * @module
 */

import { bodyLines, replySubject } from "../../../messages/mod.ts";
import type { Mail, MailHeader } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import { readKey, readLine } from "../../line_input.ts";
import { Pager } from "../../pager.ts";
import { editMessage } from "../editor.ts";
import { confirm } from "../prompts.ts";
import { fit, formatDateTime } from "../format.ts";
import { SUBJECT_MAX } from "./compose.ts";
import type { MessageContext } from "./context.ts";

/** Runs the mailbox until the caller leaves it. */
export async function runMail(context: MessageContext): Promise<void> {
  const { session, board, user } = context;
  let folder: "inbox" | "sent" = "inbox";
  let status = "";
  for (;;) {
    session.activity = "Private mail";
    const mail = await board.store.listMail(user.id, { folder, limit: 25 });
    session.print(
      `|CL|15Private mail |08- |07${folder === "inbox" ? "Inbox" : "Sent"}\r\n` +
        `|11   #  ${
          folder === "inbox" ? "From" : "To  "
        }                 Subject                                Date\r\n`,
    );
    mail.forEach((item, i) => {
      const who = folder === "inbox" ? item.fromHandle : item.toHandle;
      const unread = folder === "inbox" && item.readAt === null ? "|10*" : " ";
      session.print(
        `|07${String(i + 1).padStart(4)}${unread} |15${escapePipes(fit(who, 20))} |07${
          escapePipes(fit(item.subject, 38))
        } |08${formatDateTime(item.createdAt)}|07\r\n`,
      );
    });
    if (mail.length === 0) session.print("|08  No mail here.|07\r\n");
    if (status) session.print(`\r\n|14${escapePipes(status)}|07\r\n`);
    status = "";
    session.print(
      `\r\n|07Number to read, |15S|07)end, ${
        folder === "inbox" ? "|15O|07)utbox" : "|15I|07)nbox"
      }, |15Q|07)uit: `,
    );
    const typed = (await readLine(session, { maxLength: 5 })).trim().toUpperCase();
    if (typed === "Q" || typed === "") return;
    if (typed === "S") status = await sendTo(context);
    else if (typed === "O") folder = "sent";
    else if (typed === "I") folder = "inbox";
    else {
      const chosen = mail[Number(typed) - 1];
      if (!chosen) status = "No such message.";
      else status = await readOne(context, chosen);
    }
  }
}

/** Offers to read unread mail right after login ("mail waiting"). */
export async function mailWaiting(context: MessageContext): Promise<void> {
  const { session, board, user } = context;
  const { unreadMail } = await board.store.menuCounters(user.id, context.level);
  if (unreadMail === 0) return;
  const plural = unreadMail === 1 ? "" : "s";
  if (
    await confirm(
      session,
      `\r\n|10You have ${unreadMail} unread private message${plural}.|15 Read now?`,
      true,
    )
  ) {
    await runMail(context);
  }
}

async function readOne(context: MessageContext, header: MailHeader): Promise<string> {
  const { session, board, user } = context;
  const mail = await board.store.readMail(user.id, header.id);
  if (!mail) return "That message is gone.";
  await showMail(context, mail);
  session.print("\r\n|15R|07)eply, |15D|07)elete, any other key to go back: ");
  const pressed = await readKey(session);
  const choice = typeof pressed === "string" ? pressed.toUpperCase() : "";
  session.echo("\r\n");
  if (choice === "R") {
    return await compose(context, mail.fromHandle, replySubject(mail.subject), mail);
  }
  if (choice === "D" && await confirm(session, "Delete this message?")) {
    return await board.store.deleteMail(user.id, mail.id)
      ? "Message deleted."
      : "That message is gone.";
  }
  return "";
}

async function showMail(context: MessageContext, mail: Mail): Promise<void> {
  const { session } = context;
  const pager = new Pager(session);
  session.print(
    `|CL|11From|07: |15${escapePipes(mail.fromHandle)}   |11To|07: |15${
      escapePipes(mail.toHandle)
    }\r\n` +
      `|11Subj|07: |15${escapePipes(mail.subject)}\r\n|11Date|07: |15${
        formatDateTime(mail.createdAt)
      }|07\r\n` +
      `|08${"─".repeat(Math.min(session.width - 1, 79))}|07\r\n`,
  );
  await pager.lines(4);
  for (const line of bodyLines(mail.body, { width: session.width - 1, allowPipeCodes: false })) {
    session.print(`${line}\r\n`);
    if (!await pager.lines(1)) break;
  }
}

async function sendTo(context: MessageContext): Promise<string> {
  const { session, board } = context;
  session.print("\r\n|11To|07 (handle): ");
  const handle = (await readLine(session, { maxLength: 30 })).trim();
  if (handle === "") return "Nothing sent.";
  const recipient = await board.store.userByHandle(handle);
  if (!recipient) return `There is no caller called ${handle}.`;
  session.print("|11Subject|07: ");
  const subject = (await readLine(session, { maxLength: SUBJECT_MAX })).trim();
  if (subject === "") return "No subject: nothing sent.";
  return await compose(context, recipient.handle, subject);
}

async function compose(
  context: MessageContext,
  toHandle: string,
  subject: string,
  original?: Mail,
): Promise<string> {
  const { session, board, user } = context;
  const recipient = await board.store.userByHandle(toHandle);
  if (!recipient) return `${toHandle} no longer has an account.`;
  session.activity = "Writing mail";
  const body = await editMessage(
    session,
    original && { author: original.fromHandle, body: original.body },
  );
  if (body === undefined) return "Message thrown away.";
  await board.store.sendMail({
    fromUserId: user.id,
    fromHandle: user.handle,
    toUserId: recipient.id,
    toHandle: recipient.handle,
    subject,
    body,
    ...(original ? { replyToId: original.id } : {}),
  });
  return `Sent to ${recipient.handle}.`;
}
