/**
 * Turns a caller's keystroke bytes (after telnet decoding) into text runs and named keys:
 * ANSI cursor and function keys (`ESC [ A`, `ESC O P`, `ESC [ 3 ~` …) become keys instead of
 * garbage, printable bytes are decoded in the session's character set, in bulk.
 *
 * @module
 */

import { type Charset, CP437_TO_UNICODE } from "../terminal/mod.ts";

/** Names of the non-printing keys a caller can press. */
export type KeyName =
  | "enter"
  | "backspace"
  | "delete"
  | "tab"
  | "escape"
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "insert"
  | "pageUp"
  | "pageDown"
  | `f${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12}`
  | `ctrl-${string}`;

/** A non-printing key. One frozen object per name, so comparing by identity or by `name` works. */
export interface SpecialKey {
  readonly name: KeyName;
}

/** One unit of input: a run of printable text, or a special key. */
export type InputItem = string | SpecialKey;

const keyCache = new Map<KeyName, SpecialKey>();

/** The shared object for a key name. */
export function key(name: KeyName): SpecialKey {
  let k = keyCache.get(name);
  if (!k) keyCache.set(name, k = Object.freeze({ name }));
  return k;
}

/** Final byte of `ESC [ …` → key (for sequences without a `~`). */
const CSI_FINAL: Record<string, KeyName> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  K: "end",
};

/** `ESC O x` (SS3, application cursor mode and VT100 function keys). */
const SS3_FINAL: Record<string, KeyName> = {
  ...CSI_FINAL,
  P: "f1",
  Q: "f2",
  R: "f3",
  S: "f4",
};

/** `ESC [ n ~` (VT220 editing and function keys). */
const CSI_TILDE: Record<string, KeyName> = {
  "1": "home",
  "2": "insert",
  "3": "delete",
  "4": "end",
  "5": "pageUp",
  "6": "pageDown",
  "7": "home",
  "8": "end",
  "11": "f1",
  "12": "f2",
  "13": "f3",
  "14": "f4",
  "15": "f5",
  "17": "f6",
  "18": "f7",
  "19": "f8",
  "20": "f9",
  "21": "f10",
  "23": "f11",
  "24": "f12",
};

const ESC = 0x1b;
/** Longest parameter string kept for one escape sequence; longer ones are dropped. */
const MAX_SEQUENCE = 16;

const enum EscState {
  None,
  Esc,
  Csi,
  Ss3,
}

/**
 * Decodes keystrokes. Feed it bytes with `push`; it calls `emit` with text runs and keys.
 * A lone ESC at the end of a chunk stays pending: the owner calls `flushEscape()` after a short
 * timeout (`hasPendingEscape` says when) so a bare Escape is told apart from a split sequence.
 */
export class KeyDecoder {
  /** Character set of printable bytes. */
  charset: Charset = "cp437";
  #emit: (item: InputItem) => void;
  #esc = EscState.None;
  #params = "";
  #overlong = false;
  // Created on first use: most callers are CP437 and never need one.
  #utf8: TextDecoder | undefined;

  /** @param emit receives every text run and key, in order */
  constructor(emit: (item: InputItem) => void) {
    this.#emit = emit;
  }

  /** True when a lone ESC waits for the rest of a possible sequence. */
  get hasPendingEscape(): boolean {
    return this.#esc === EscState.Esc;
  }

  /** Emits the pending ESC as the Escape key (the timeout expired). */
  flushEscape(): void {
    if (this.#esc === EscState.Esc) {
      this.#esc = EscState.None;
      this.#emit(key("escape"));
    }
  }

  /** Decodes a chunk of keystroke bytes. The chunk is only read during the call. */
  push(bytes: Uint8Array): void {
    const n = bytes.length;
    let i = 0;
    while (i < n) {
      if (this.#esc !== EscState.None) {
        i = this.#escape(bytes, i);
        continue;
      }
      const b = bytes[i]!;
      if (b >= 0x20 && b !== 0x7f) {
        let end = i + 1;
        while (end < n) {
          const c = bytes[end]!;
          if (c < 0x20 || c === 0x7f) break;
          end++;
        }
        this.#text(bytes.subarray(i, end), end < n);
        i = end;
        continue;
      }
      this.#flushUtf8();
      i++;
      if (b === ESC) this.#esc = EscState.Esc;
      else if (b === 0x0d) this.#emit(key("enter"));
      else if (b === 0x08 || b === 0x7f) this.#emit(key("backspace"));
      else if (b === 0x09) this.#emit(key("tab"));
      else if (b !== 0) this.#emit(key(`ctrl-${String.fromCharCode(0x60 + b)}`));
    }
  }

  #text(run: Uint8Array, interrupted: boolean): void {
    let text: string;
    if (this.charset === "utf8") {
      text = (this.#utf8 ??= new TextDecoder()).decode(run, { stream: !interrupted });
    } else {
      text = "";
      for (let j = 0; j < run.length; j++) text += CP437_TO_UNICODE[run[j]!]!;
    }
    if (text.length > 0) this.#emit(text);
  }

  #flushUtf8(): void {
    if (this.#utf8) {
      const rest = this.#utf8.decode();
      if (rest.length > 0) this.#emit(rest);
    }
  }

  /** ESC [ params final | ESC O final; returns the index after what it consumed. */
  #escape(bytes: Uint8Array, i: number): number {
    const b = bytes[i]!;
    if (this.#esc === EscState.Esc) {
      if (b === 0x5b /* [ */) {
        this.#esc = EscState.Csi;
        this.#params = "";
        this.#overlong = false;
        return i + 1;
      }
      if (b === 0x4f /* O */) {
        this.#esc = EscState.Ss3;
        return i + 1;
      }
      // Not a sequence: the ESC was the Escape key, and this byte is ordinary input.
      this.#esc = EscState.None;
      this.#emit(key("escape"));
      return i;
    }
    if (this.#esc === EscState.Ss3) {
      this.#esc = EscState.None;
      const name = SS3_FINAL[String.fromCharCode(b)];
      if (name) this.#emit(key(name));
      return i + 1;
    }
    if (b >= 0x40 && b <= 0x7e) {
      this.#esc = EscState.None;
      const final = String.fromCharCode(b);
      const name = final === "~" ? CSI_TILDE[this.#params.split(";")[0]!] : CSI_FINAL[final];
      if (name && !this.#overlong) this.#emit(key(name));
      return i + 1;
    }
    if (b >= 0x20 && b <= 0x3f) {
      // An overlong parameter list is still consumed up to its final byte, then ignored.
      if (this.#params.length < MAX_SEQUENCE) this.#params += String.fromCharCode(b);
      else this.#overlong = true;
      return i + 1;
    }
    // A control byte inside a sequence abandons it; the byte itself is ordinary input.
    this.#esc = EscState.None;
    return i;
  }
}
