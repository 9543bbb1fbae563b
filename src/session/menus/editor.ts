/**
 * The message editor: a line editor with word wrap at the caller's width and commands on a
 * line of their own (/S save, /A abort, /L list, /D n delete, /Q quote, /? help).
 *
 * @module
 */

import { Draft, parseDraftCommand, quoteBody } from "../../messages/mod.ts";
import { escapePipes } from "../../terminal/mod.ts";
import { readWrappedLine } from "../line_input.ts";
import { confirm } from "./prompts.ts";
import type { Session } from "../session.ts";

/** What is being replied to, for /Q. */
export interface QuoteSource {
  author: string;
  body: string;
}

const HELP = "|08On a line of its own: |15/S|08 save, |15/A|08 abort, |15/L|08 list, " +
  "|15/D n|08 delete line n, |15/Q|08 quote (|15/Q a-b|08 some lines), |15/?|08 help|07\r\n";

/**
 * Lets the caller write a message body.
 *
 * @returns the body, or `undefined` when the caller aborted
 */
export async function editMessage(
  session: Session,
  quote?: QuoteSource,
): Promise<string | undefined> {
  const width = Math.max(20, Math.min(session.width, 80) - 7);
  const draft = new Draft();
  session.print(`\r\n|07Write your message. Lines wrap at ${width} columns.\r\n${HELP}`);
  let carry = "";
  for (;;) {
    if (draft.isFull) {
      session.print(
        "|12The message is as long as a message can be: /S to save or /A to abort.|07\r\n",
      );
    }
    session.print(`|08${String(draft.lines.length + 1).padStart(3)}:|07 `);
    const line = await readWrappedLine(session, { width, initial: carry });
    carry = line.carry;
    const command = line.enter ? parseDraftCommand(line.text) : undefined;
    if (!command) {
      if (!draft.isFull) draft.add(line.text);
      continue;
    }
    switch (command.kind) {
      case "save":
        if (draft.isEmpty) {
          session.print("|12Nothing to save yet.|07\r\n");
          break;
        }
        return draft.body();
      case "abort":
        if (draft.isEmpty || await confirm(session, "Throw this message away?")) return undefined;
        break;
      case "list":
        draft.lines.forEach((text, i) =>
          session.print(`|08${String(i + 1).padStart(3)}:|07 ${escapePipes(text)}\r\n`)
        );
        break;
      case "delete":
        session.print(
          draft.delete(command.line)
            ? `|08Line ${command.line} deleted.|07\r\n`
            : "|12No such line.|07\r\n",
        );
        break;
      case "quote": {
        if (!quote) {
          session.print("|12There is nothing to quote.|07\r\n");
          break;
        }
        const quoted = quoteBody(quote.body, quote.author, width);
        const from = Math.max(1, command.from ?? 1);
        const to = Math.min(quoted.length, command.to ?? quoted.length);
        const added = draft.add(...quoted.slice(from - 1, to));
        session.print(`|08Quoted ${added} line${added === 1 ? "" : "s"}.|07\r\n`);
        break;
      }
      case "help":
        session.print(HELP);
        break;
    }
  }
}
