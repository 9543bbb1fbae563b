/**
 * A message being written: lines, word wrap at the caller's width, and the line editor's
 * commands (save, abort, list, delete a line, quote). No I/O here; the session's editor screen
 * drives a `Draft`.
 *
 * @module
 */

/** Longest body a caller may write, in lines. */
export const MAX_LINES = 500;

/**
 * Splits `text` at the last space that keeps the first part within `width` characters, the
 * way a typewriter carriage return falls between words.
 *
 * @returns the line to keep and the rest to carry to the next line (a word longer than the
 * whole width is cut hard)
 */
export function wrapAt(text: string, width: number): [line: string, carry: string] {
  const chars = [...text];
  if (chars.length <= width) return [text, ""];
  const head = chars.slice(0, width + 1).join("");
  const space = head.lastIndexOf(" ");
  if (space <= 0) return [chars.slice(0, width).join(""), chars.slice(width).join("")];
  return [text.slice(0, space).trimEnd(), text.slice(space + 1)];
}

/** Wraps a paragraph into lines of at most `width` characters. */
export function wrapParagraph(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  do {
    const [line, carry] = wrapAt(rest, width);
    lines.push(line);
    rest = carry;
  } while (rest.length > 0);
  return lines;
}

/**
 * Initials for quoting, FidoNet style: the first letters of up to two words of the author's
 * handle, upper-cased ("Zoë Cool" → "ZC").
 */
export function quoteInitials(handle: string): string {
  const words = handle.split(/[\s_.-]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const initials = words.slice(0, 2).map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, "")][0] ?? "")
    .join("");
  return (initials || "?").toUpperCase();
}

/**
 * Quotes a body for a reply: each line prefixed " XX> ", re-wrapped to `width`; lines already
 * quoted keep their own prefix (so quotes of quotes read "XX> YY> …" only once deep) and empty
 * lines stay empty.
 */
export function quoteBody(body: string, author: string, width: number): string[] {
  const prefix = ` ${quoteInitials(author)}> `;
  const out: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === "") {
      out.push("");
      continue;
    }
    const alreadyQuoted = /^\s*\p{Lu}{0,3}>/u.test(line);
    const lead = alreadyQuoted ? " " : prefix;
    for (
      const part of wrapParagraph(alreadyQuoted ? line.trim() : line, width - [...lead].length)
    ) {
      out.push(lead + part);
    }
  }
  return out;
}

/** A line-editor command typed on a line of its own. */
export type DraftCommand =
  | { kind: "save" }
  | { kind: "abort" }
  | { kind: "list" }
  | { kind: "delete"; line: number }
  | { kind: "quote"; from?: number; to?: number }
  | { kind: "help" };

/** Reads `/S`, `/A`, `/L`, `/D n`, `/Q [a-b]` or `/?` (any case); anything else is text. */
export function parseDraftCommand(line: string): DraftCommand | undefined {
  const match = /^\/([SALDQ?H])\s*(\d+)?(?:\s*-\s*(\d+))?\s*$/i.exec(line.trim());
  if (!match) return undefined;
  const [, letter, a, b] = match;
  switch (letter!.toUpperCase()) {
    case "S":
      return { kind: "save" };
    case "A":
      return { kind: "abort" };
    case "L":
      return { kind: "list" };
    case "D":
      return a === undefined ? undefined : { kind: "delete", line: Number(a) };
    case "Q":
      return {
        kind: "quote",
        ...(a === undefined ? {} : { from: Number(a) }),
        ...(b === undefined ? (a === undefined ? {} : { to: Number(a) }) : { to: Number(b) }),
      };
    default:
      return { kind: "help" };
  }
}

/** The lines of a message being written. */
export class Draft {
  readonly #lines: string[] = [];

  /** The lines so far. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** True when no line holds anything but spaces. */
  get isEmpty(): boolean {
    return this.#lines.every((line) => line.trim() === "");
  }

  /** True when no more lines fit. */
  get isFull(): boolean {
    return this.#lines.length >= MAX_LINES;
  }

  /** Adds lines at the end, as many as fit. @returns how many were added */
  add(...lines: string[]): number {
    const room = Math.max(0, MAX_LINES - this.#lines.length);
    this.#lines.push(...lines.slice(0, room));
    return Math.min(room, lines.length);
  }

  /** Deletes line `n` (1-based). @returns whether it existed */
  delete(n: number): boolean {
    if (n < 1 || n > this.#lines.length) return false;
    this.#lines.splice(n - 1, 1);
    return true;
  }

  /** The body to store: lines joined by LF, trailing empty lines dropped. */
  body(): string {
    const lines = [...this.#lines];
    while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
    return lines.join("\n");
  }
}
