/**
 * Prompts every menu uses.
 *
 * @module
 */

import { readKey } from "../line_input.ts";
import type { Session } from "../session.ts";

/** "Press any key" and wait for one. */
export async function pressAnyKey(session: Session): Promise<void> {
  session.print("|08[|07Press any key|08]|07");
  await readKey(session);
  session.echo("\r" + " ".repeat(15) + "\r");
}

/** Asks a yes/no question; Enter takes the default (no, unless `defaultYes`). */
export async function confirm(
  session: Session,
  question: string,
  defaultYes = false,
): Promise<boolean> {
  session.print(`|15${question} |07(${defaultYes ? "Y/n" : "y/N"}) `);
  for (;;) {
    const pressed = await readKey(session);
    const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
    if (choice === "Y" || (choice === "enter" && defaultYes)) {
      session.echo("Yes\r\n");
      return true;
    }
    if (choice === "N" || choice === "enter" || choice === "escape") {
      session.echo("No\r\n");
      return false;
    }
  }
}
