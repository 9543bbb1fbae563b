/**
 * Prompts that read a caller's keys: a hotkey, or a line with a length limit, optional mask and
 * in-place editing (Backspace/DEL erase, Ctrl-U/Ctrl-X clear). Pasted text is taken a run at a
 * time and echoed in one piece.
 *
 * @module
 */

import type { InputQueue } from "./input_queue.ts";
import type { InputItem, SpecialKey } from "./keys.ts";

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

/**
 * Waits for the next text run or key. Callers try `io.input.take()` first, so queued input is
 * handled without a microtask hop (a pasted line then echoes in one write).
 */
async function waitItem(io: PromptIo): Promise<InputItem> {
  for (;;) {
    const item = io.input.take();
    if (item !== undefined) return item;
    await io.input.wait();
  }
}

/** Reads one key: a single character, or a special key. */
export async function readKey(io: PromptIo): Promise<string | SpecialKey> {
  const item = io.input.take() ?? await waitItem(io);
  if (typeof item !== "string") return item;
  const char = String.fromCodePoint(item.codePointAt(0)!);
  io.input.putBack(item.slice(char.length));
  return char;
}

/** Reads a line up to Enter and returns it (Enter is echoed as a new line). */
export async function readLine(io: PromptIo, options: LineOptions): Promise<string> {
  const chars: string[] = [];
  for (;;) {
    const item = io.input.take() ?? await waitItem(io);
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

/** A line from `readWrappedLine`: the text kept, and the word carried to the next line. */
export interface WrappedLine {
  text: string;
  /** What was typed past the margin (the unfinished word), to start the next line with. */
  carry: string;
  /** Whether the line ended by Enter (rather than by running into the margin). */
  enter: boolean;
}

/**
 * Reads one line of a message editor: up to `width` characters, starting with `initial` (the
 * word carried over from the line before). Typing past the margin wraps the unfinished word to
 * the next line like a typewriter with word wrap: the word is erased here and returned as
 * `carry`. A word longer than the whole line is cut.
 */
export async function readWrappedLine(
  io: PromptIo,
  options: { width: number; initial?: string },
): Promise<WrappedLine> {
  const width = Math.max(2, options.width);
  const chars = [...(options.initial ?? "")].slice(0, width);
  if (chars.length > 0 && io.echoes) io.echo(chars.join(""));
  for (;;) {
    const item = io.input.take() ?? await waitItem(io);
    if (typeof item === "string") {
      let shown = "";
      const run = [...item];
      for (let i = 0; i < run.length; i++) {
        const char = run[i]!;
        if (!isPrintable(char)) continue;
        if (chars.length < width) {
          chars.push(char);
          shown += char;
          continue;
        }
        // At the margin: wrap, and give the rest of this run back for the next line.
        io.input.putBack(run.slice(i + 1).join(""));
        if (shown && io.echoes) io.echo(shown);
        return wrapHere(io, chars, char);
      }
      if (shown && io.echoes) io.echo(shown);
      continue;
    }
    if (item.name === "enter") {
      if (io.echoes) io.echo("\r\n");
      return { text: chars.join(""), carry: "", enter: true };
    }
    if (item.name === "backspace" && chars.pop() !== undefined && io.echoes) io.echo("\b \b");
  }
}

function wrapHere(io: PromptIo, chars: string[], typed: string): WrappedLine {
  if (typed === " ") {
    if (io.echoes) io.echo("\r\n");
    return { text: chars.join(""), carry: "", enter: false };
  }
  const space = chars.lastIndexOf(" ");
  const cut = space > 0 ? space : chars.length;
  const carried = chars.slice(space > 0 ? space + 1 : chars.length);
  if (io.echoes) io.echo("\b \b".repeat(carried.length) + "\r\n");
  return {
    text: chars.slice(0, cut).join("").trimEnd(),
    carry: carried.join("") + typed,
    enter: false,
  };
}
