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
