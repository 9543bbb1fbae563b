/**
 * Checks and defaults for message-base arguments, and the stored form of bodies, shared by both
 * adapters so they accept and store exactly the same things.
 *
 * @module
 */

import { compress, decompress } from "../compress/mod.ts";
import { CarrierError } from "../errors.ts";
import type {
  AreaChanges,
  IdPage,
  ImportedMessage,
  MailPage,
  MessageHeader,
  MessagePage,
  NewArea,
} from "./message_types.ts";

/** Bodies longer than this many UTF-8 bytes are stored LZ4-compressed unless configured. */
export const DEFAULT_COMPRESS_ABOVE = 512;

/** The longest body a message or mail may have: 1 MiB of UTF-8. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Rows per page of messages, replies and mail when no limit is given. */
export const DEFAULT_MESSAGE_LIMIT = 25;

/** The largest page a caller may ask for. */
export const MAX_MESSAGE_LIMIT = 1000;

/** What an area tag must look like once lowercased: 1–16 of `a-z 0-9 _ -`, not starting with
 * `_` or `-`. */
export const AREA_TAG_PATTERN: RegExp = /^[a-z0-9][a-z0-9_-]{0,15}$/;

/** The largest message number or id a page bound may name (int4). */
const MAX_NUMBER = 2_147_483_647;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A body as stored: bytes, whether they are LZ4, and the UTF-8 length. */
export interface StoredBody {
  bytes: Uint8Array;
  compressed: boolean;
  length: number;
}

/**
 * Checks a compression threshold: a non-negative integer, or `Infinity` to store every body
 * as is.
 *
 * @throws {RangeError} otherwise
 */
export function checkCompressAbove(compressAbove: number): number {
  if (compressAbove !== Infinity && !(Number.isInteger(compressAbove) && compressAbove >= 0)) {
    throw new RangeError(
      `Cannot open the store: compressAbove must be a non-negative integer or Infinity, got ${compressAbove}`,
    );
  }
  return compressAbove;
}

/**
 * The stored form of `text`: UTF-8, LZ4-compressed when longer than `compressAbove` bytes and
 * compression makes it shorter.
 *
 * @param options.action what the caller was doing, for the error message
 * @throws {RangeError} when the UTF-8 is longer than {@linkcode MAX_BODY_BYTES}
 */
export function encodeBody(
  text: string,
  options: { compressAbove: number; action: string },
): StoredBody {
  const { compressAbove, action } = options;
  const utf8 = encoder.encode(text);
  if (utf8.length > MAX_BODY_BYTES) {
    throw new RangeError(
      `Cannot ${action}: the body is ${utf8.length} bytes, more than ${MAX_BODY_BYTES}`,
    );
  }
  if (utf8.length > compressAbove) {
    const block = compress(utf8);
    if (block.length < utf8.length) {
      return { bytes: block, compressed: true, length: utf8.length };
    }
  }
  return { bytes: utf8, compressed: false, length: utf8.length };
}

/**
 * The text of a stored body.
 *
 * @param what names the row for the error, e.g. "message 12"
 * @throws {CarrierError} `STORE_FAILED` when the bytes do not decompress to `length` bytes
 */
export function decodeBody(stored: StoredBody, what: string): string {
  const { bytes, compressed, length } = stored;
  if (!compressed) {
    if (bytes.length !== length) {
      throw new CarrierError(
        "STORE_FAILED",
        `Cannot read ${what}: the stored body is ${bytes.length} bytes, not ${length}`,
      );
    }
    return decoder.decode(bytes);
  }
  try {
    return decoder.decode(decompress(bytes, length, { maxLength: MAX_BODY_BYTES }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CarrierError("STORE_FAILED", `Cannot read ${what}: ${reason}`, { cause: error });
  }
}

/** `tag` lowercased, or a RangeError naming `action` when it is not a valid area tag. */
export function checkTag(tag: string, action: string): string {
  const key = tag.toLowerCase();
  if (!AREA_TAG_PATTERN.test(key)) {
    throw new RangeError(
      `Cannot ${action}: the tag "${tag}" must be 1 to 16 of a-z, 0-9, _ and -, starting with a letter or digit`,
    );
  }
  return key;
}

/** Checks an optional security level field (`name`): an integer 0–255 when given. */
export function checkLevel(level: number | undefined, name: string, action: string): void {
  if (level !== undefined && !(Number.isInteger(level) && level >= 0 && level <= 255)) {
    throw new RangeError(`Cannot ${action}: ${name} must be an integer 0–255, got ${level}`);
  }
}

/** Checks the fields of a new area or area change that the schema would refuse less clearly. */
export function checkArea(input: NewArea | AreaChanges, action: string): string | undefined {
  checkLevel(input.readLevel, "readLevel", action);
  checkLevel(input.postLevel, "postLevel", action);
  return input.tag === undefined ? undefined : checkTag(input.tag, action);
}

/** Checks a caller's security level for a level-filtered list. */
export function checkCallerLevel(level: number, action: string): void {
  if (!Number.isInteger(level)) {
    throw new RangeError(`Cannot ${action}: the level must be an integer, got ${level}`);
  }
}

/** Checks a page size: an integer from 1 to {@linkcode MAX_MESSAGE_LIMIT}. */
export function checkLimit(limit: number, action: string): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MESSAGE_LIMIT) {
    throw new RangeError(
      `Cannot ${action}: limit must be an integer from 1 to ${MAX_MESSAGE_LIMIT}, got ${limit}`,
    );
  }
}

function checkBound(value: number, name: string, action: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_NUMBER) {
    throw new RangeError(`Cannot ${action}: ${name} must be a non-negative integer, got ${value}`);
  }
}

/** A message page reduced to one keyset query. */
export interface ResolvedMessagePage {
  /** Whether the query walks numbers upwards (`number > bound ORDER BY number`). */
  ascending: boolean;
  /** The exclusive bound of the query. */
  bound: number;
  limit: number;
  /** Whether the rows come back in the opposite order of `direction` and must be reversed. */
  reverse: boolean;
  /** A cache key for this page within its area. */
  key: string;
}

/**
 * Turns a {@linkcode MessagePage} into its keyset query: newest-first without a bound starts
 * above every number, `before` walks down, `after` walks up; rows are reversed when the walk
 * runs against `direction`.
 *
 * @throws {RangeError} when both bounds are given, or a bound or the limit is out of range
 */
export function resolveMessagePage(page: MessagePage = {}, action: string): ResolvedMessagePage {
  const { direction = "newest", before, after, limit = DEFAULT_MESSAGE_LIMIT } = page;
  if (direction !== "newest" && direction !== "oldest") {
    throw new RangeError(`Cannot ${action}: direction must be "newest" or "oldest"`);
  }
  if (before !== undefined && after !== undefined) {
    throw new RangeError(`Cannot ${action}: give before or after, not both`);
  }
  checkLimit(limit, action);
  let ascending: boolean;
  let bound: number;
  if (before !== undefined) {
    checkBound(before, "before", action);
    ascending = false;
    bound = before;
  } else if (after !== undefined) {
    checkBound(after, "after", action);
    ascending = true;
    bound = after;
  } else {
    ascending = direction === "oldest";
    bound = ascending ? 0 : MAX_NUMBER;
  }
  const reverse = ascending !== (direction === "oldest");
  return { ascending, bound, limit, reverse, key: `${direction}:${ascending}:${bound}:${limit}` };
}

/** The bounds of an {@linkcode IdPage}. */
export function resolveIdPage(
  page: IdPage = {},
  action: string,
): { afterId: number; limit: number } {
  const { afterId = 0, limit = DEFAULT_MESSAGE_LIMIT } = page;
  checkBound(afterId, "afterId", action);
  checkLimit(limit, action);
  return { afterId, limit };
}

/** The bounds of a {@linkcode MailPage}. */
export function resolveMailPage(
  page: MailPage = {},
  action: string,
): { sent: boolean; beforeId: number; limit: number } {
  const { folder = "inbox", beforeId = MAX_NUMBER, limit = DEFAULT_MESSAGE_LIMIT } = page;
  if (folder !== "inbox" && folder !== "sent") {
    throw new RangeError(`Cannot ${action}: folder must be "inbox" or "sent"`);
  }
  checkBound(beforeId, "beforeId", action);
  checkLimit(limit, action);
  return { sent: folder === "sent", beforeId, limit };
}

/** Checks a pointer for `setLastRead`. */
export function checkPointer(number: number, action: string): void {
  checkBound(number, "the number", action);
}

/**
 * For each message of an import batch, the index of its thread's root in the batch (its own
 * index when it starts a thread), and how many replies each message gets.
 *
 * @throws {RangeError} when a `replyTo` does not name an earlier message of the batch
 */
export function threadImport(
  messages: readonly ImportedMessage[],
  action: string,
): { roots: Int32Array; replyCounts: Int32Array } {
  const roots = new Int32Array(messages.length);
  const replyCounts = new Int32Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const parent = messages[i]!.replyTo;
    if (parent === undefined) {
      roots[i] = i;
      continue;
    }
    if (!Number.isInteger(parent) || parent < 0 || parent >= i) {
      throw new RangeError(
        `Cannot ${action}: message ${i} replies to ${parent}, which is not an earlier message of the batch`,
      );
    }
    roots[i] = roots[parent]!;
    replyCounts[parent]!++;
  }
  return { roots, replyCounts };
}

/** A rough size of a cached row in bytes: its strings at two bytes a character plus overhead. */
export function estimateRowBytes(...strings: (string | null)[]): number {
  let bytes = 160;
  for (const text of strings) bytes += text === null ? 0 : text.length * 2;
  return bytes;
}

/** The estimated size of a page of headers in the read cache. */
export function headersBytes(headers: readonly MessageHeader[]): number {
  let bytes = 64;
  for (const h of headers) bytes += estimateRowBytes(h.fromHandle, h.toHandle, h.subject);
  return bytes;
}
