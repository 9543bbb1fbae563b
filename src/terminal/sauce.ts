/**
 * SAUCE records: the 128-byte trailer (and optional comment block) that art editors append to
 * .ANS/.ASC files to name the piece, its author and how to show it.
 *
 * Layout and field meanings follow the SAUCE00 specification,
 * https://www.acid.org/info/sauce/sauce.htm:
 *
 * ```
 * content … [0x1A EOF] ["COMNT" + 64 bytes × comments] [record]
 * record:  0 "SAUCE"   5 "00"   7 title[35]   42 author[20]   62 group[20]   82 date "CCYYMMDD"
 *         90 fileSize u32 LE   94 dataType   95 fileType   96 tinfo1..4 u16 LE (96, 98, 100, 102)
 *        104 comments u8   105 tflags   106 tinfos[22] (NUL-padded font name)
 * tflags:  bit 0 iCE colours (non-blink) · bits 1–2 letter spacing · bits 3–4 aspect ratio
 * ```
 *
 * @module
 */

import { CP437_TO_UNICODE } from "./cp437.ts";

/** SAUCE `DataType` values. */
export const SAUCE_DATA_TYPES = Object.freeze({
  none: 0,
  character: 1,
  bitmap: 2,
  vector: 3,
  audio: 4,
  binaryText: 5,
  xBin: 6,
  archive: 7,
  executable: 8,
});

/** SAUCE `FileType` values for the `character` data type. */
export const SAUCE_CHARACTER_TYPES = Object.freeze({
  ascii: 0,
  ansi: 1,
  ansimation: 2,
  ripScript: 3,
  pcBoard: 4,
  avatar: 5,
  html: 6,
  source: 7,
  tundraDraw: 8,
});

const RECORD_SIZE = 128;
const COMMENT_ID_SIZE = 5;
const COMMENT_LINE_SIZE = 64;
const EOF = 0x1a; // DOS end of file (SUB)
const SAUCE_ID = [0x53, 0x41, 0x55, 0x43, 0x45]; // "SAUCE"
const COMMENT_ID = [0x43, 0x4f, 0x4d, 0x4e, 0x54]; // "COMNT"

/**
 * Something wrong with a record that `parseSauce` read around rather than failing on:
 * - `UNKNOWN_VERSION`: the version is not "00"; the fields are read as SAUCE00 anyway.
 * - `COMMENTS_OUT_OF_RANGE`: the comment count reaches before the start of the file.
 * - `COMMENTS_NOT_FOUND`: no "COMNT" where the comment count puts it.
 *   In both comment cases `comments` is empty and the content ends at the first EOF byte
 *   before the record (or at the record).
 * - `DATE_INVALID`: the date is neither blank nor a real CCYYMMDD date; `date` is undefined.
 * - `FILE_SIZE_MISMATCH`: `fileSize` differs from `contentLength` (often a harmless slip of the
 *   editor; the content is found from the file's layout, never from `fileSize`).
 */
export type SauceProblem =
  | "UNKNOWN_VERSION"
  | "COMMENTS_OUT_OF_RANGE"
  | "COMMENTS_NOT_FOUND"
  | "DATE_INVALID"
  | "FILE_SIZE_MISMATCH";

/** A SAUCE record, its comments, and where the art before it ends. Text is decoded from CP437. */
export interface Sauce {
  /** Title, trimmed ("" when blank). */
  readonly title: string;
  /** Author's handle, trimmed. */
  readonly author: string;
  /** Group, trimmed. */
  readonly group: string;
  /** Creation date as "YYYY-MM-DD", or undefined when blank or invalid. */
  readonly date: string | undefined;
  /** The size the editor recorded for the content, as written (see `contentLength`). */
  readonly fileSize: number;
  /** `DataType` (see `SAUCE_DATA_TYPES`). */
  readonly dataType: number;
  /** `FileType` (see `SAUCE_CHARACTER_TYPES` for character data). */
  readonly fileType: number;
  /** Columns, for character, BinaryText and XBin data; undefined when not stated (0). */
  readonly width: number | undefined;
  /** Lines, for character and XBin data; undefined when not stated (0). */
  readonly height: number | undefined;
  /** Blink bit means bright background (tflags bit 0), for ASCII, ANSi, ANSiMation, BinaryText. */
  readonly iceColors: boolean;
  /** Font width with letter spacing, 8 or 9 pixels; undefined when not stated. */
  readonly letterSpacing: 8 | 9 | undefined;
  /** "stretch": drawn for non-square pixels; "square": for square ones; undefined: not stated. */
  readonly aspectRatio: "stretch" | "square" | undefined;
  /** Font name from `TInfoS`, e.g. "IBM VGA"; undefined when blank or not applicable. */
  readonly font: string | undefined;
  /** Comment lines, trailing spaces trimmed (leading ones kept: they are layout). */
  readonly comments: readonly string[];
  /** Bytes of art before the EOF marker, comment block and record. */
  readonly contentLength: number;
  /** What was wrong with the record and read around (empty for a sound one). */
  readonly problems: readonly SauceProblem[];
}

function hasId(bytes: Uint8Array, at: number, id: readonly number[]): boolean {
  for (let i = 0; i < id.length; i++) if (bytes[at + i] !== id[i]) return false;
  return true;
}

/** Decodes a space- or NUL-padded CP437 field, ending at the first NUL. */
function decodeField(bytes: Uint8Array, start: number, length: number): string {
  let text = "";
  for (let i = start; i < start + length; i++) {
    const b = bytes[i]!;
    if (b === 0) break;
    text += CP437_TO_UNICODE[b]!;
  }
  return text;
}

function parseDate(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, year = "", month = "", day = ""] = match;
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}-${month}-${day}`;
}

/** Where the record starts, or -1 when `bytes` does not end with one. */
function findRecord(bytes: Uint8Array): number {
  const at = bytes.length - RECORD_SIZE;
  return at >= 0 && hasId(bytes, at, SAUCE_ID) ? at : -1;
}

/**
 * Where the comment block starts, or a problem when the count does not lead to one.
 */
function findComments(bytes: Uint8Array, record: number): number | SauceProblem {
  const count = bytes[record + 104]!;
  if (count === 0) return record;
  const at = record - COMMENT_ID_SIZE - count * COMMENT_LINE_SIZE;
  if (at < 0) return "COMMENTS_OUT_OF_RANGE";
  return hasId(bytes, at, COMMENT_ID) ? at : "COMMENTS_NOT_FOUND";
}

/** The end of the art: before the EOF byte that should sit just before `trailer`. */
function contentEnd(bytes: Uint8Array, trailer: number, trusted: boolean): number {
  if (trailer > 0 && bytes[trailer - 1] === EOF) return trailer - 1;
  if (trusted) return trailer;
  // A damaged trailer may hide the marker (a lost comment block sits between it and the
  // record), so fall back to DOS's own rule: EOF ends the text.
  const eof = bytes.subarray(0, trailer).indexOf(EOF);
  return eof < 0 ? trailer : eof;
}

/**
 * Reads the SAUCE record at the end of a file. Damage inside a record never throws: it is read
 * around and listed in `problems`. A record cut short (the file does not end with all 128
 * bytes) is not recognised at all.
 *
 * @param bytes the whole file
 * @returns the record, or undefined when the file has none
 *
 * @example
 * ```ts
 * const file = await Deno.readFile("welcome.ans");
 * const sauce = parseSauce(file);
 * const screen = readAnsiArt(stripSauce(file), { width: sauce?.width, iceColors: sauce?.iceColors });
 * ```
 */
export function parseSauce(bytes: Uint8Array): Sauce | undefined {
  const record = findRecord(bytes);
  if (record < 0) return undefined;
  const problems: SauceProblem[] = [];
  if (bytes[record + 5] !== 0x30 || bytes[record + 6] !== 0x30) problems.push("UNKNOWN_VERSION");

  const data = new DataView(bytes.buffer, bytes.byteOffset + record, RECORD_SIZE);
  const fileSize = data.getUint32(90, true);
  const dataType = data.getUint8(94);
  const fileType = data.getUint8(95);
  const tinfo1 = data.getUint16(96, true);
  const tinfo2 = data.getUint16(98, true);
  const tflags = data.getUint8(105);

  const comments: string[] = [];
  let trailer = record;
  const commentsAt = findComments(bytes, record);
  const sound = typeof commentsAt === "number";
  if (sound) {
    trailer = commentsAt;
    for (let at = commentsAt + COMMENT_ID_SIZE; at < record; at += COMMENT_LINE_SIZE) {
      comments.push(decodeField(bytes, at, COMMENT_LINE_SIZE).trimEnd());
    }
  } else {
    problems.push(commentsAt);
  }
  const contentLength = contentEnd(bytes, trailer, sound);

  const dateText = decodeField(bytes, record + 82, 8).trim();
  const date = parseDate(dateText);
  if (date === undefined && dateText !== "" && !/^0+$/.test(dateText)) {
    problems.push("DATE_INVALID");
  }
  if (fileSize !== contentLength) problems.push("FILE_SIZE_MISMATCH");

  const { character, binaryText, xBin } = SAUCE_DATA_TYPES;
  const { ascii, ansi, ansimation, ripScript, html, source } = SAUCE_CHARACTER_TYPES;
  // RIP scripts give pixels, HTML and source nothing; every other character type gives cells.
  const cellSized = (dataType === character &&
    fileType !== ripScript && fileType !== html && fileType !== source) || dataType === xBin;
  const width = cellSized ? tinfo1 : dataType === binaryText ? fileType * 2 : 0;
  const height = cellSized ? tinfo2 : 0;
  const hasAnsiFlags = (dataType === character &&
    (fileType === ascii || fileType === ansi || fileType === ansimation)) ||
    dataType === binaryText;
  const spacing = (tflags >> 1) & 3;
  const aspect = (tflags >> 3) & 3;
  const font = hasAnsiFlags ? decodeField(bytes, record + 106, 22).trim() : "";

  return {
    title: decodeField(bytes, record + 7, 35).trim(),
    author: decodeField(bytes, record + 42, 20).trim(),
    group: decodeField(bytes, record + 62, 20).trim(),
    date,
    fileSize,
    dataType,
    fileType,
    width: width || undefined,
    height: height || undefined,
    iceColors: hasAnsiFlags && (tflags & 1) === 1,
    letterSpacing: !hasAnsiFlags ? undefined : spacing === 1 ? 8 : spacing === 2 ? 9 : undefined,
    aspectRatio: !hasAnsiFlags
      ? undefined
      : aspect === 1
      ? "stretch"
      : aspect === 2
      ? "square"
      : undefined,
    font: font || undefined,
    comments,
    contentLength,
    problems,
  };
}

/**
 * The art alone, as a view into `bytes` (no copy): without the EOF marker, the comment block and
 * the SAUCE record. A file without SAUCE is cut at its first EOF byte (0x1A), which ends the
 * displayable text by DOS convention. With a sound record this costs the same for any file size.
 *
 * @example
 * ```ts
 * const art = stripSauce(await Deno.readFile("welcome.ans"));
 * ```
 */
export function stripSauce(bytes: Uint8Array): Uint8Array {
  const record = findRecord(bytes);
  if (record < 0) {
    const eof = bytes.indexOf(EOF);
    return eof < 0 ? bytes : bytes.subarray(0, eof);
  }
  const commentsAt = findComments(bytes, record);
  const sound = typeof commentsAt === "number";
  return bytes.subarray(0, contentEnd(bytes, sound ? commentsAt : record, sound));
}
