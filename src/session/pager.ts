/**
 * The "more" prompt: long scrolling output stops every screenful and asks whether to go on.
 *
 * @module
 */

import { readKey } from "./line_input.ts";
import type { Session } from "./session.ts";

const PROMPT = "|08-- More -- |07(|15C|07)ontinue, (|15S|07)top, (|15N|07)onstop ";
/** What the prompt takes on screen, to wipe it afterwards. */
const PROMPT_WIDTH = 44;

/**
 * Counts the lines a caller has been shown and pauses at each screenful. Create one per
 * listing; call `lines(n)` after showing `n` lines.
 *
 * @example
 * ```ts
 * const pager = new Pager(session);
 * for (const line of lines) {
 *   session.print(line + "\r\n");
 *   if (!await pager.lines(1)) break;
 * }
 * ```
 */
export class Pager {
  #session: Session;
  #shown = 0;
  #nonstop: boolean;

  /** @param nonstop start without pausing (the caller chose non-stop earlier) */
  constructor(session: Session, options: { nonstop?: boolean } = {}) {
    this.#session = session;
    this.#nonstop = options.nonstop ?? false;
  }

  /** Lines that fit before a pause: the screen height less the prompt's own line. */
  get pageLines(): number {
    return Math.max(1, this.#session.height - 1);
  }

  /** True once the caller chose non-stop. */
  get nonstop(): boolean {
    return this.#nonstop;
  }

  /**
   * Counts `n` more lines shown; at a full screen, asks. Resolves `false` when the caller chose
   * Stop, `true` to go on.
   */
  async lines(n: number): Promise<boolean> {
    this.#shown += n;
    if (this.#nonstop || this.#shown < this.pageLines) return true;
    this.#shown = 0;
    const session = this.#session;
    session.print(PROMPT);
    for (;;) {
      const pressed = await readKey(session);
      const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
      if (choice === "S" || choice === "Q" || choice === "escape" || choice === "ctrl-c") {
        this.#wipe();
        return false;
      }
      if (choice === "N") this.#nonstop = true;
      if (choice === "C" || choice === "N" || choice === " " || choice === "enter") {
        this.#wipe();
        return true;
      }
    }
  }

  #wipe(): void {
    this.#session.echo("\r" + " ".repeat(PROMPT_WIDTH) + "\r");
  }
}
