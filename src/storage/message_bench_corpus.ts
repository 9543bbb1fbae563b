/**
 * Message text for `message_bench.ts`, from real text on this machine rather than lorem ipsum:
 * Debian's fortunes (`apt-get install fortunes fortunes-min`) and the man pages under
 * /usr/share/man (gunzipped with node:zlib, troff markup stripped). Bodies are made the way a
 * board's traffic looks: mostly one short note, some longer ones, a few pasted walls of text.
 *
 * @module
 */

import { gunzipSync } from "node:zlib";

const FORTUNES = "/usr/share/games/fortunes";
const MAN = "/usr/share/man";

/** Paragraphs of real text and short lines for subjects and handles. */
export interface Corpus {
  /** Fortune cookies, each a paragraph or a few. */
  fortunes: string[];
  /** Man pages as lists of plain-text paragraphs. */
  manPages: string[][];
  /** Names for callers: man page names, capitalised. */
  handles: string[];
  /** Where the text came from, for the bench's report. */
  description: string;
}

/** Reads the corpus; at most `maxManPages` man pages (sorted by name, so runs match). */
export async function loadCorpus(maxManPages = 4000): Promise<Corpus> {
  const fortunes: string[] = [];
  try {
    const names = [];
    for await (const entry of Deno.readDir(FORTUNES)) {
      if (entry.isFile && !entry.name.includes(".")) names.push(entry.name);
    }
    for (const name of names.sort()) {
      const text = await Deno.readTextFile(`${FORTUNES}/${name}`);
      for (const cookie of text.split(/^%$/m)) {
        const trimmed = cookie.trim();
        if (trimmed.length >= 20) fortunes.push(trimmed);
      }
    }
  } catch {
    // No fortunes installed: man pages alone.
  }
  const manPages: string[][] = [];
  const handles: string[] = [];
  for (const section of ["man1", "man5", "man8", "man3", "man7"]) {
    if (manPages.length >= maxManPages) break;
    let names: string[] = [];
    try {
      for await (const entry of Deno.readDir(`${MAN}/${section}`)) {
        if (entry.isFile && entry.name.endsWith(".gz")) names.push(entry.name);
      }
    } catch {
      continue;
    }
    names = names.sort();
    for (const name of names) {
      if (manPages.length >= maxManPages) break;
      const troff = new TextDecoder().decode(
        gunzipSync(await Deno.readFile(`${MAN}/${section}/${name}`)),
      );
      const paragraphs = stripTroff(troff);
      if (paragraphs.length === 0) continue;
      manPages.push(paragraphs);
      const handle = name.split(".")[0]!.replace(/[^A-Za-z0-9_-]/g, "");
      if (handle.length >= 2 && handle.length <= 20) {
        handles.push(handle[0]!.toUpperCase() + handle.slice(1));
      }
    }
  }
  if (fortunes.length === 0 && manPages.length === 0) {
    throw new Error("No text to build messages from: install fortunes or man pages");
  }
  return {
    fortunes,
    manPages,
    handles: [...new Set(handles)].slice(0, 500),
    description: `${fortunes.length} fortunes, ${manPages.length} man pages`,
  };
}

/** Plain paragraphs from troff/man source: macros dropped, escapes resolved or removed. */
function stripTroff(source: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const breakParagraph = () => {
    const text = current.join(" ").replace(/\s+/g, " ").trim();
    if (text.length >= 30) paragraphs.push(text);
    current = [];
  };
  for (const line of source.split("\n")) {
    if (line.startsWith(".") || line.startsWith("'")) {
      const [macro = "", ...args] = line.slice(1).trim().split(/\s+/);
      if (/^(PP|P|LP|SH|SS|TP|IP|sp|br|HP|RS|RE|Sh|Pp|It)$/.test(macro)) breakParagraph();
      if (/^(B|I|BR|IR|RB|RI|IB|BI|SM|Nm|Ar|Fl)$/.test(macro)) {
        current.push(unescape(args.join(" ")));
      }
      continue;
    }
    if (line.trim() === "") {
      breakParagraph();
      continue;
    }
    current.push(unescape(line));
  }
  breakParagraph();
  return paragraphs;
}

function unescape(text: string): string {
  return text
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, "")
    .replace(/\\\(aq/g, "'")
    .replace(/\\\((lq|rq|dq)/g, '"')
    .replace(/\\\((em|en)/g, "-")
    .replace(/\\\(bu/g, "*")
    .replace(/\\[-e]/g, (escape) => (escape === "\\-" ? "-" : "\\"))
    .replace(/\\[&|^,/%:]/g, "")
    .replace(/\\s[+-]?\d/g, "")
    .replace(/\\\*?(\[[^\]]*\]|\(..)/g, "")
    .replace(/\\"/g, "")
    .replace(/\\(.)/g, "$1")
    .replace(/"/g, "");
}

/** A deterministic pseudo-random generator (mulberry32), so every run seeds the same board. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Makes message bodies and subjects from a corpus. */
export class MessageWriter {
  #corpus: Corpus;
  #next: () => number;

  constructor(corpus: Corpus, seed: number) {
    this.#corpus = corpus;
    this.#next = random(seed);
  }

  #pick<T>(items: T[]): T {
    return items[Math.floor(this.#next() * items.length)]!;
  }

  #fortune(): string {
    const { fortunes, manPages } = this.#corpus;
    return fortunes.length > 0 ? this.#pick(fortunes) : this.#pick(this.#pick(manPages));
  }

  /**
   * A body: 55 % one short note (a fortune), 30 % a few paragraphs (400–1,500 bytes), 15 % a
   * long excerpt of one man page (1.5–6 KB), as people paste documentation into a tech area.
   */
  body(): string {
    const r = this.#next();
    if (r < 0.55 || this.#corpus.manPages.length === 0) return this.#fortune();
    const parts: string[] = [];
    if (r < 0.85) {
      const target = 400 + this.#next() * 1100;
      for (let length = 0; length < target;) {
        const part = this.#next() < 0.5 || this.#corpus.manPages.length === 0
          ? this.#fortune()
          : this.#pick(this.#pick(this.#corpus.manPages));
        parts.push(part);
        length += part.length;
      }
      return parts.join("\n\n");
    }
    const page = this.#pick(this.#corpus.manPages);
    const target = 1500 + this.#next() * 4500;
    let at = Math.floor(this.#next() * page.length);
    for (let length = 0; length < target && parts.length < page.length; at++) {
      const paragraph = page[at % page.length]!;
      parts.push(wrap(paragraph));
      length += paragraph.length;
    }
    return parts.join("\n\n");
  }

  /** A subject: the start of the first line of some real text. */
  subject(): string {
    const line = this.#fortune().split("\n")[0]!.replace(/\s+/g, " ").trim();
    return line.length <= 50 ? line : `${line.slice(0, 47).trimEnd()}...`;
  }

  /** A caller's handle. */
  handle(): string {
    return this.#corpus.handles.length > 0 ? this.#pick(this.#corpus.handles) : "Caller";
  }

  /** A number in [0, 1). */
  next(): number {
    return this.#next();
  }
}

/** Wraps a paragraph at 76 columns, as a message editor would. */
function wrap(paragraph: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of paragraph.split(" ")) {
    if (line.length + word.length + 1 > 76 && line !== "") {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
}
