/**
 * The ZFILE data subpacket (zmodem.txt §11.5): a file's name and attributes, and a helper that
 * makes a peer's file name safe to store.
 *
 * @module
 */

import type { ByteWriter } from "../../bytes/mod.ts";

/** What a sender says about a file in its ZFILE frame. */
export interface ZmodemFileInfo {
  /** The name exactly as sent: raw bytes, possibly with a path. See {@linkcode safeFileName}. */
  name: Uint8Array;
  /** Length in bytes, when the sender gave one. */
  size: number | undefined;
  /** Modification time, when the sender gave one. */
  mtime: Date | undefined;
  /** Unix mode bits, when the sender gave them. */
  mode: number | undefined;
  /** Files left in the batch, this one included, when the sender gave it. */
  filesLeft: number | undefined;
  /** Bytes left in the batch, this file included, when the sender gave it. */
  bytesLeft: number | undefined;
  /** The sender asked to resume an interrupted transfer (ZF0 = ZCRESUM, `sz -r`). */
  resume: boolean;
}

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

/**
 * Appends a ZFILE subpacket body:
 *
 * ```
 * name NUL  "size mtime mode serial filesLeft bytesLeft" NUL
 *            decimal octal octal octal decimal decimal
 * ```
 */
export function writeFileInfo(
  out: ByteWriter,
  file: { name: string; size: number; mtime?: Date; mode?: number },
  batch: { filesLeft: number; bytesLeft: number },
): void {
  const name = encoder.encode(file.name);
  if (name.includes(0)) throw new TypeError(`File name "${file.name}" contains NUL`);
  const mtime = file.mtime ? Math.max(0, Math.floor(file.mtime.getTime() / 1000)) : 0;
  const mode = file.mode ?? 0o100644;
  out.bytes(name).byte(0);
  out.latin1(
    `${file.size} ${mtime.toString(8)} ${mode.toString(8)} 0 ${batch.filesLeft} ${batch.bytesLeft}`,
  ).byte(0);
}

/** Reads a ZFILE subpacket body; fields the sender left out are `undefined`. */
export function parseFileInfo(data: Uint8Array, resume: boolean): ZmodemFileInfo {
  let nul = data.indexOf(0);
  if (nul < 0) nul = data.length;
  const name = data.slice(0, nul);
  let rest = data.subarray(Math.min(nul + 1, data.length));
  const end = rest.indexOf(0);
  if (end >= 0) rest = rest.subarray(0, end);
  const fields = latin1.decode(rest).trim().split(/\s+/);
  const number = (i: number, radix: number): number | undefined => {
    const text = fields[i];
    if (text === undefined || !(radix === 8 ? /^[0-7]{1,16}$/ : /^\d{1,16}$/).test(text)) {
      return undefined;
    }
    return parseInt(text, radix);
  };
  const mtime = number(1, 8);
  return {
    name,
    size: number(0, 10),
    mtime: mtime ? new Date(mtime * 1000) : undefined,
    mode: number(2, 8),
    filesLeft: number(4, 10),
    bytesLeft: number(5, 10),
    resume,
  };
}

/**
 * A file name that is safe to store, made from the raw bytes a peer sent: decoded as UTF-8,
 * path components dropped (both `/` and `\`), control characters removed, leading dots and
 * surrounding spaces removed (so no `..`, no hidden files), at most 255 UTF-8 bytes. Returns
 * "unnamed" when nothing is left. The file target decides whether to use it.
 *
 * @example
 * ```ts
 * safeFileName(new TextEncoder().encode("../../etc/passwd")); // "passwd"
 * ```
 */
export function safeFileName(raw: Uint8Array): string {
  let name = utf8.decode(raw).replaceAll("\\", "/");
  name = name.slice(name.lastIndexOf("/") + 1);
  // C0, DEL and C1 controls; U+FFFD stands for bytes that were not UTF-8 and stays.
  name = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  name = name.trim().replace(/^[.\s]+/, "");
  if (encoder.encode(name).length > 255) {
    let cut = "";
    let bytes = 0;
    for (const ch of name) {
      const size = encoder.encode(ch).length;
      if (bytes + size > 255) break;
      cut += ch;
      bytes += size;
    }
    name = cut.trimEnd();
  }
  return name === "" ? "unnamed" : name;
}
