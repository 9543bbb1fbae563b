/**
 * Prompts that read a caller's keys: a hotkey, or a line with a length limit, optional mask and
 * in-place editing (Backspace/DEL erase, Ctrl-U/Ctrl-X clear). Pasted text is taken a run at a
 * time and echoed in one piece.
 *
 * @module
 */

import type { InputQueue } from "./input_queue.ts";
import type { SpecialKey } from "./keys.ts";

/** What a prompt needs from a session. */
export interface PromptIo {
  /** The caller's keys. */
  readonly input: InputQueue;
  /** Whether the server echoes typed characters (the client agreed to WILL ECHO). */
  readonly echoes: boolean;
  /** Sends text to the caller (no colour codes interpreted). */
  echo(text: string): void;
}

/** Options of `readLine`. */
export interface LineOptions {
  /** Most characters accepted; further typing is ignored. */
  maxLength: number;
  /** Echo this character instead of what was typed (passwords). */
  mask?: string;
  /** Characters the line may hold; others are ignored. Default: any printable character. */
  accept?: (char: string) => boolean;
}

/** Reads one key: a single character, or a special key. */
export async function readKey(io: PromptIo): Promise<string | SpecialKey> {
  for (;;) {
    const item = io.input.take();
    if (item === undefined) {
      await io.input.wait();
      continue;
    }
    if (typeof item !== "string") return item;
    const char = String.fromCodePoint(item.codePointAt(0)!);
    io.input.putBack(item.slice(char.length));
    return char;
  }
}

/** Reads a line up to Enter and returns it (Enter is echoed as a new line). */
export async function readLine(io: PromptIo, options: LineOptions): Promise<string> {
  const chars: string[] = [];
  for (;;) {
    const item = io.input.take();
    if (item === undefined) {
      await io.input.wait();
      continue;
    }
    if (typeof item === "string") {
      let shown = "";
      for (const char of item) {
        if (chars.length >= options.maxLength) break;
        if (options.accept ? !options.accept(char) : !isPrintable(char)) continue;
        chars.push(char);
        shown += options.mask ?? char;
      }
      if (shown && io.echoes) io.echo(shown);
      continue;
    }
    switch (item.name) {
      case "enter":
        if (io.echoes) io.echo("\r\n");
        return chars.join("");
      case "backspace":
        if (chars.pop() !== undefined && io.echoes) io.echo("\b \b");
        break;
      case "ctrl-u":
      case "ctrl-x":
        if (io.echoes && chars.length > 0) io.echo("\b \b".repeat(chars.length));
        chars.length = 0;
        break;
    }
  }
}

/** True for a character a caller may type into a line: not a C0/C1 control or DEL. */
export function isPrintable(char: string): boolean {
  const c = char.codePointAt(0)!;
  return c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0);
}
