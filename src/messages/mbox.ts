/**
 * Reading mbox files for `carrier messages import`: a streaming splitter for mboxrd/mboxo
 * (RFC 4155 "From " separator lines, `>From ` unquoting) and just enough MIME to get a
 * message's text: headers with RFC 2047 encoded words, quoted-printable and base64 bodies,
 * charsets through `TextDecoder`, and the first text/plain part of a multipart message.
 *
 * Input is read chunk by chunk and one message is held at a time, bounded by
 * `maxMessageBytes`, so a mailing-list archive of any size imports in constant memory. Bytes
 * from the file never throw: a malformed header, encoding or charset decodes as well as it can.
 *
 * @module
 */

/** One message of an mbox, decoded to text. */
export interface MboxMessage {
  /** The sender's display name, or the address when there is none. */
  from: string;
  /** The sender's address (`""` when the From header has none). */
  fromAddress: string;
  /** The first recipient's display name or address; `null` without a To header. */
  to: string | null;
  subject: string;
  /** The Date header, else the date on the "From " line; `null` when neither parses. */
  date: Date | null;
  /** Without angle brackets; `null` when missing. */
  messageId: string | null;
  /** The message replied to (In-Reply-To, else the last References id), without brackets. */
  inReplyTo: string | null;
  /** The text, lines ending in `\n`. */
  body: string;
  /** Whether the message was longer than `maxMessageBytes` and its end was dropped. */
  truncated: boolean;
}

/** Options of {@linkcode parseMbox}. */
export interface MboxOptions {
  /**
   * `"mboxrd"` (default) removes one `>` from every line matching `^>+From `; `"mboxo"` only
   * turns `>From ` into `From `, leaving `>>From ` as it is.
   */
  format?: "mboxrd" | "mboxo";
  /** Raw bytes kept per message (default 4 MiB); the rest is dropped and flagged. */
  maxMessageBytes?: number;
}

/** Raw bytes kept per message unless configured. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const GT = 0x3e;
const FROM_ = new TextEncoder().encode("From ");
/** The asctime date of a "From " line: `Thu Nov  3 09:44:02 2005`. */
const FROM_LINE_DATE =
  /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:[A-Z]{3,4}\s+)?(\d{4})/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const latin1 = new TextDecoder("windows-1252");
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

/**
 * The messages of an mbox, one at a time, as the bytes arrive.
 *
 * @param source the file's bytes, e.g. `(await Deno.open(path)).readable`
 * @example
 * ```ts
 * const file = await Deno.open("list-archive.mbox");
 * for await (const message of parseMbox(file.readable)) {
 *   console.log(message.date, message.from, message.subject);
 * }
 * ```
 */
export async function* parseMbox(
  source: AsyncIterable<Uint8Array>,
  options: MboxOptions = {},
): AsyncGenerator<MboxMessage> {
  const { format = "mboxrd", maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES } = options;
  const message = new MessageBuffer(maxMessageBytes);
  let fromLine: string | null = null;
  let previousBlank = true; // the start of the file counts as after a blank line
  let carry: Uint8Array | null = null;

  const onLine = (line: Uint8Array): MboxMessage | undefined => {
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, -1);
    let finished: MboxMessage | undefined;
    if (startsWith(line, FROM_) && (previousBlank || FROM_LINE_DATE.test(latin1.decode(line)))) {
      if (fromLine !== null) finished = message.finish(fromLine);
      fromLine = latin1.decode(line.subarray(FROM_.length));
      previousBlank = false;
      return finished;
    }
    previousBlank = line.length === 0;
    if (fromLine === null) return undefined; // text before the first "From " line
    message.append(unquote(line, format));
    return undefined;
  };

  for await (const chunk of source) {
    let start = 0;
    for (let end = chunk.indexOf(LF); end >= 0; end = chunk.indexOf(LF, start)) {
      let line = chunk.subarray(start, end);
      if (carry !== null) {
        line = concat(carry, line);
        carry = null;
      }
      const finished = onLine(line);
      if (finished) yield finished;
      start = end + 1;
    }
    if (start < chunk.length) {
      // A partial line waits for the next chunk; one longer than a message is cut here.
      carry = carry === null ? chunk.slice(start) : concat(carry, chunk.subarray(start));
      if (carry.length > maxMessageBytes) {
        const finished = onLine(carry);
        carry = null;
        if (finished) yield finished;
      }
    }
  }
  if (carry !== null) {
    const finished = onLine(carry);
    if (finished) yield finished;
  }
  if (fromLine !== null) yield message.finish(fromLine);
}

/** The lines of the message being read, bounded, as one growing byte buffer. */
class MessageBuffer {
  #bytes = new Uint8Array(4096);
  #length = 0;
  #max: number;
  #truncated = false;

  constructor(max: number) {
    this.#max = max;
  }

  append(line: Uint8Array): void {
    const room = this.#max - this.#length;
    if (room < line.length + 1) {
      this.#truncated = true;
      if (room <= 0) return;
      line = line.subarray(0, room - 1);
    }
    const needed = this.#length + line.length + 1;
    if (needed > this.#bytes.length) {
      let size = this.#bytes.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(line, this.#length);
    this.#bytes[this.#length + line.length] = LF;
    this.#length = needed;
  }

  /** Parses what was collected (without the blank line that ends an mbox entry) and resets. */
  finish(fromLine: string): MboxMessage {
    let end = this.#length;
    if (end >= 2 && this.#bytes[end - 1] === LF && this.#bytes[end - 2] === LF) end--;
    const parsed = parseMessage(this.#bytes.subarray(0, end), fromLine);
    parsed.truncated = this.#truncated;
    this.#length = 0;
    this.#truncated = false;
    if (this.#bytes.length > 65_536) this.#bytes = new Uint8Array(4096);
    return parsed;
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Undoes the quoting of body lines that would read as "From " separators. */
function unquote(line: Uint8Array, format: "mboxrd" | "mboxo"): Uint8Array {
  if (line[0] !== GT) return line;
  let depth = 0;
  while (line[depth] === GT) depth++;
  if (!startsWith(line.subarray(depth), FROM_)) return line;
  return format === "mboxrd" || depth === 1 ? line.subarray(1) : line;
}

/**
 * One RFC 5322 message, lines ending in LF, decoded to an {@linkcode MboxMessage}.
 *
 * @param fromLine the rest of its mbox "From " line (sender and date), if any
 */
export function parseMessage(bytes: Uint8Array, fromLine = ""): MboxMessage {
  const { headers, body } = splitHeaders(bytes);
  const from = parseAddress(decodeWords(headers.get("from") ?? ""));
  const to = headers.has("to") ? parseAddress(decodeWords(headers.get("to")!)) : null;
  const references = headers.get("references")?.match(/<[^>]*>/g) ?? [];
  return {
    from: from.name || from.address || fromLine.split(/\s/)[0] || "",
    fromAddress: from.address,
    to: to === null ? null : to.name || to.address,
    subject: decodeWords(headers.get("subject") ?? "").trim(),
    date: parseDate(headers.get("date") ?? "") ?? parseFromLineDate(fromLine),
    messageId: messageId(headers.get("message-id")),
    inReplyTo: messageId(headers.get("in-reply-to")) ?? messageId(references.at(-1)),
    body: textOf(headers, body),
    truncated: false,
  };
}

/** Header fields by lowercase name (the first occurrence, unfolded), and the body bytes. */
function splitHeaders(bytes: Uint8Array): { headers: Map<string, string>; body: Uint8Array } {
  let end = 0;
  let bodyStart = bytes.length;
  for (let at = 0; at < bytes.length;) {
    let next = bytes.indexOf(LF, at);
    if (next < 0) next = bytes.length;
    const blank = next === at || (next === at + 1 && bytes[at] === CR);
    if (blank) {
      bodyStart = next + 1;
      break;
    }
    at = next + 1;
    end = at;
  }
  const text = decodeText(bytes.subarray(0, end));
  const headers = new Map<string, string>();
  let name = "";
  let value = "";
  const keep = () => {
    if (name !== "" && !headers.has(name)) headers.set(name, value.trim());
  };
  for (const raw of text.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (/^[ \t]/.test(line)) {
      value += " " + line.trim(); // folded: RFC 5322 section 2.2.3
      continue;
    }
    keep();
    const colon = line.indexOf(":");
    name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : "";
    value = colon > 0 ? line.slice(colon + 1) : "";
  }
  keep();
  return { headers, body: bytes.subarray(Math.min(bodyStart, bytes.length)) };
}

/** Header or 8-bit text bytes: UTF-8 when they are valid UTF-8, else Windows-1252. */
function decodeText(bytes: Uint8Array): string {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}

/** A `Content-Type` value: lowercase type/subtype and parameters (names lowercase). */
function parseContentType(
  value: string | undefined,
): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  if (value === undefined) return { type: "text/plain", params };
  const [type = "", ...rest] = value.split(";");
  const pattern = /^\s*([^=\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/;
  for (const part of rest.join(";").split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const match = pattern.exec(part);
    if (match) params.set(match[1]!.toLowerCase(), match[2]?.replace(/\\(.)/g, "$1") ?? match[3]!);
  }
  return { type: type.trim().toLowerCase() || "text/plain", params };
}

/** The text of a message or MIME part: the first text/plain part, decoded, or `""`. */
function textOf(headers: Map<string, string>, body: Uint8Array, depth = 0): string {
  const { type, params } = parseContentType(headers.get("content-type"));
  if (type.startsWith("multipart/")) {
    const boundary = params.get("boundary");
    if (boundary === undefined || depth > 8) return "";
    for (const part of splitMultipart(body, boundary)) {
      const parsed = splitHeaders(part);
      const partType = parseContentType(parsed.headers.get("content-type")).type;
      if (partType === "text/plain" || partType.startsWith("multipart/")) {
        const text = textOf(parsed.headers, parsed.body, depth + 1);
        if (text !== "" || partType === "text/plain") return text;
      }
    }
    return "";
  }
  if (type !== "text/plain") return "";
  const encoding = headers.get("content-transfer-encoding")?.trim().toLowerCase();
  const bytes = encoding === "base64"
    ? decodeBase64(body)
    : encoding === "quoted-printable"
    ? decodeQuotedPrintable(body)
    : body;
  const charset = params.get("charset");
  const text = decodeCharset(bytes, charset);
  return text.replaceAll("\r\n", "\n");
}

/** The parts between `--boundary` lines (RFC 2046 section 5.1.1), preamble and epilogue dropped. */
function splitMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const delimiter = new TextEncoder().encode(`--${boundary}`);
  const parts: Uint8Array[] = [];
  let partStart = -1;
  for (let at = 0; at < body.length;) {
    let next = body.indexOf(LF, at);
    if (next < 0) next = body.length;
    const line = body.subarray(at, next);
    if (startsWith(line, delimiter)) {
      // The LF before the delimiter belongs to the delimiter.
      if (partStart >= 0) parts.push(body.subarray(partStart, Math.max(partStart, at - 1)));
      const closing = line[delimiter.length] === 0x2d && line[delimiter.length + 1] === 0x2d;
      if (closing) return parts;
      partStart = next + 1;
    }
    at = next + 1;
  }
  if (partStart >= 0 && partStart < body.length) parts.push(body.subarray(partStart));
  return parts;
}

/** Text in `charset` (a label TextDecoder knows), falling back to UTF-8 / Windows-1252. */
function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
    } catch {
      // An unknown label: guess below.
    }
  }
  return decodeText(bytes);
}

const BASE64 = new Int8Array(256).fill(-1);
for (
  const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()
) {
  BASE64[c.charCodeAt(0)] = i;
}

/** Base64 (RFC 2045 section 6.8), skipping anything outside the alphabet; stops at `=`. */
function decodeBase64(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bytes.length * 3 / 4));
  let length = 0;
  let bits = 0;
  let count = 0;
  for (const byte of bytes) {
    if (byte === 0x3d) break;
    const value = BASE64[byte]!;
    if (value < 0) continue;
    bits = (bits << 6) | value;
    if (++count === 4) {
      out[length++] = bits >> 16;
      out[length++] = (bits >> 8) & 0xff;
      out[length++] = bits & 0xff;
      bits = 0;
      count = 0;
    }
  }
  if (count === 2) out[length++] = bits >> 4;
  if (count === 3) {
    out[length++] = bits >> 10;
    out[length++] = (bits >> 2) & 0xff;
  }
  return out.subarray(0, length);
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Quoted-printable (RFC 2045 section 6.7): `=XX` is a byte, `=` at the end of a line joins it
 * to the next; anything malformed is kept as it is.
 */
function decodeQuotedPrintable(bytes: Uint8Array, underscoreIsSpace = false): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x3d) {
      const high = hexValue(bytes[i + 1]);
      const low = hexValue(bytes[i + 2]);
      if (high >= 0 && low >= 0) {
        out[length++] = (high << 4) | low;
        i += 2;
        continue;
      }
      // A soft line break: "=" then optional trailing blanks, then (CR)LF.
      let j = i + 1;
      while (bytes[j] === 0x20 || bytes[j] === 0x09) j++;
      if (bytes[j] === CR) j++;
      if (bytes[j] === LF || j === bytes.length) {
        i = j;
        continue;
      }
    }
    out[length++] = underscoreIsSpace && byte === 0x5f ? 0x20 : byte;
  }
  return out.subarray(0, length);
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?ISO-8859-1?Q?…?=`). Adjacent words with
 * only blanks between them join (section 6.2), and their bytes are joined before decoding, so a
 * character split across two words survives.
 */
function decodeWords(value: string): string {
  let result = "";
  let last = 0;
  let charset = "";
  let pending: Uint8Array[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    result += decodeCharset(pending.reduce(concat), charset);
    pending = [];
  };
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const wordCharset = match[1]!.split("*")[0]!.toLowerCase(); // RFC 2231 adds *language
    if (pending.length === 0 || !/^[ \t]*$/.test(between) || wordCharset !== charset) {
      flush();
      // Blanks between two encoded words vanish; other text stays.
      if (!(result !== "" && last > 0 && /^[ \t]*$/.test(between))) result += between;
    }
    charset = wordCharset;
    const text = new Uint8Array([...match[3]!].map((c) => c.charCodeAt(0) & 0xff));
    pending.push(
      match[2]!.toLowerCase() === "b" ? decodeBase64(text) : decodeQuotedPrintable(text, true),
    );
    last = match.index + match[0].length;
  }
  flush();
  return result + value.slice(last);
}

/** `"Name" <addr>`, `Name <addr>`, `addr (Name)` or `addr`: the first mailbox of a list. */
function parseAddress(value: string): { name: string; address: string } {
  const angle = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<,"]*?))\s*<([^>]*)>/.exec(value);
  if (angle) {
    const name = (angle[1]?.replace(/\\(.)/g, "$1") ?? angle[2] ?? "").trim();
    return { name, address: angle[3]!.trim() };
  }
  const comment = /^\s*([^\s(,]+)\s*\(([^)]*)\)/.exec(value);
  if (comment) return { name: comment[2]!.trim(), address: comment[1]! };
  return { name: "", address: value.split(",")[0]!.trim() };
}

function messageId(value: string | undefined): string | null {
  if (value === undefined) return null;
  const bracketed = /<([^>]*)>/.exec(value);
  const id = (bracketed ? bracketed[1]! : value).trim();
  return id === "" ? null : id;
}

const ZONES: Record<string, number> = {
  ut: 0,
  gmt: 0,
  z: 0,
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
};

/** An RFC 5322 date (section 3.3, obsolete forms included): `Tue, 1 Jul 2003 10:52:37 +0200`. */
function parseDate(value: string): Date | null {
  const match =
    /(\d{1,2})\s+([a-z]{3})[a-z]*\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]+)?/i
      .exec(value.replace(/\([^)]*\)/g, " "));
  if (!match) return null;
  const month = MONTHS.indexOf(match[2]!.toLowerCase());
  if (month < 0) return null;
  let year = Number(match[3]);
  if (match[3]!.length <= 2) year += year < 50 ? 2000 : 1900; // section 4.3
  const zone = match[7]?.toLowerCase() ?? "";
  let offsetMinutes = 0;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone[0] === "-" ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)));
  } else if (zone in ZONES) {
    offsetMinutes = ZONES[zone]! * 60;
  }
  const utc = Date.UTC(
    year,
    month,
    Number(match[1]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6] ?? 0),
  );
  const date = new Date(utc - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The asctime date of a "From " line, taken as UTC (the format has no zone). */
function parseFromLineDate(fromLine: string): Date | null {
  const match = FROM_LINE_DATE.exec(fromLine);
  if (!match) return null;
  const month = MONTHS.indexOf(match[1]!.toLowerCase());
  const utc = Date.UTC(
    Number(match[6]),
    month,
    Number(match[2]),
    Number(match[3]),
    Number(match[4]),
    Number(match[5] ?? 0),
  );
  return Number.isNaN(utc) ? null : new Date(utc);
}
