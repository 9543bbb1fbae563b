/**
 * The caller's terminal: the character set question for terminals that do not say, and the
 * settings screen where a caller changes it (remembered on the account).
 *
 * @module
 */

import { log } from "../../log/mod.ts";
import { type Charset, CHARSET_NAMES, escapePipes } from "../../terminal/mod.ts";
import type { Board } from "../board.ts";
import { readKey } from "../line_input.ts";
import type { Session } from "../session.ts";

const SAMPLE = "░▒▓█ ┌─┐";

/**
 * Puts the caller's character set in place after login: their saved choice if they made one,
 * the terminal type's otherwise, and when neither tells, asks once and saves the answer.
 */
export async function settleCharset(session: Session, board: Board): Promise<void> {
  const user = session.caller!;
  if (user.charset !== null) {
    session.charset = user.charset;
    session.charsetKnown = true;
    return;
  }
  if (session.charsetKnown) return;
  await askCharset(session, board);
}

/** Shows a sample in both character sets and keeps the one the caller can read. */
export async function askCharset(session: Session, board: Board): Promise<Charset> {
  session.print(
    "\r\n|15Your terminal did not say which character set it uses.\r\n" +
      "|07Which line shows a shaded bar and a box corner?\r\n\r\n  |151|07) ",
  );
  session.echo(SAMPLE, "cp437");
  session.print("\r\n  |152|07) ");
  session.echo(SAMPLE, "utf8");
  session.print("\r\n\r\n|07Press |151|07 or |152|07: ");
  let choice: Charset | undefined;
  while (!choice) {
    const pressed = await readKey(session);
    if (pressed === "1") choice = "cp437";
    else if (pressed === "2") choice = "utf8";
  }
  session.echo(choice === "cp437" ? "1\r\n" : "2\r\n");
  await saveCharset(session, board, choice);
  return choice;
}

/** The terminal settings screen: shows what Carrier knows and lets the caller switch. */
export async function runTerminalSettings(session: Session, board: Board): Promise<void> {
  session.activity = "Terminal settings";
  for (;;) {
    session.print(
      `|CL|15Terminal settings|07\r\n\r\n` +
        ` Terminal type   |15${escapePipes(session.terminalType)}` +
        `${session.terminalTypeReported ? "" : " |08(assumed)"}|07\r\n` +
        ` Window          |15${session.width}x${session.height}|07\r\n` +
        ` Character set   |15${CHARSET_NAMES[session.charset]}|07\r\n` +
        ` Colours         |15${session.colorMode}${
          session.iceColors ? " with iCE" : ""
        }|07\r\n\r\n` +
        ` |09[|15C|09]|07 Switch to ${
          CHARSET_NAMES[session.charset === "cp437" ? "utf8" : "cp437"]
        }   ` +
        `|09[|15Q|09]|07 Back\r\n\r\n|15Choice|07: `,
    );
    const pressed = await readKey(session);
    const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
    if (choice === "C") {
      await saveCharset(session, board, session.charset === "cp437" ? "utf8" : "cp437");
    } else if (choice === "Q" || choice === "enter" || choice === "escape") {
      return;
    }
  }
}

async function saveCharset(session: Session, board: Board, charset: Charset): Promise<void> {
  session.charset = charset;
  session.charsetKnown = true;
  const user = session.caller;
  if (!user) return;
  try {
    await board.store.setCharset(user.id, charset);
    user.charset = charset;
  } catch (error) {
    // The choice still holds for this call; the caller is asked again next time.
    log.warn?.("Cannot save character set", { handle: user.handle, error });
  }
}
