/**
 * Checks, defaults and keys for file-area arguments, shared by both adapters so they accept and
 * match exactly the same things.
 *
 * @module
 */

import type {
  FileAreaChanges,
  FilePage,
  FileSearch,
  NewFile,
  NewFileArea,
  SearchPage,
} from "./file_types.ts";
import {
  checkCallerLevel,
  checkLevel,
  checkLimit,
  checkTag,
  DEFAULT_MESSAGE_LIMIT,
} from "./message_input.ts";
import { handleKey } from "./store.ts";

/** Files per page of a listing or search when no limit is given. */
export const DEFAULT_FILE_LIMIT = DEFAULT_MESSAGE_LIMIT;

/**
 * Files one `searchFiles` query examines when `SearchPage.scan` is not given: about a
 * millisecond of work (SQLite runs on the event loop's thread), see `src/files/files_bench.ts`.
 */
export const DEFAULT_SEARCH_SCAN = 4000;

/** The longest file name the store accepts (`src/files` keeps uploads far shorter). */
export const MAX_FILE_NAME = 255;

/** The longest search pattern or text. */
export const MAX_SEARCH_TEXT = 64;

/** The largest id or size a bound may name: JavaScript numbers are exact up to here. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** The scope of the file-area list in the read cache (message areas use their ids). */
export const FILE_AREAS_SCOPE = -1;

const HASH = /^[0-9a-f]{64}$/;
const BAD_NAME = /[/\\\u0000-\u001f\u007f-\u009f]/;

/**
 * The key that makes file names unique per area regardless of letter case, computed the same
 * way for both backends: {@linkcode handleKey}'s (NFC, then a Unicode-aware lowercase).
 *
 * @example
 * ```ts
 * fileNameKey("DOOM19S.ZIP"); // "doom19s.zip"
 * ```
 */
export function fileNameKey(name: string): string {
  return handleKey(name);
}

function checkByteCount(value: number, name: string, action: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Cannot ${action}: ${name} must be a non-negative integer, got ${value}`);
  }
}

/** Checks a new file area or area change; returns the lowercased tag when one is given. */
export function checkFileArea(
  input: NewFileArea | FileAreaChanges,
  action: string,
): string | undefined {
  checkLevel(input.downloadLevel, "downloadLevel", action);
  checkLevel(input.uploadLevel, "uploadLevel", action);
  if (input.maxFileBytes !== undefined) {
    checkByteCount(input.maxFileBytes, "maxFileBytes", action);
  }
  return input.tag === undefined ? undefined : checkTag(input.tag, action);
}

/** Checks a BLAKE3 hex digest. */
export function checkHash(hash: string, action: string): void {
  if (!HASH.test(hash)) {
    throw new RangeError(`Cannot ${action}: the hash must be 64 lowercase hex digits`);
  }
}

/** Checks what `addFile` is given; returns the name's key. */
export function checkNewFile(input: NewFile, action: string): string {
  const { name } = input;
  if (name.length === 0 || name.length > MAX_FILE_NAME || BAD_NAME.test(name)) {
    throw new RangeError(
      `Cannot ${action}: the name must be 1 to ${MAX_FILE_NAME} characters without /, \\ or control characters`,
    );
  }
  checkByteCount(input.size, "size", action);
  checkHash(input.hash, action);
  return fileNameKey(name);
}

/** A file page reduced to one keyset query. */
export interface ResolvedFilePage {
  byName: boolean;
  /** No cursor: the first page. */
  first: boolean;
  /** By name: the name key to continue after ("" from the start). */
  afterKey: string;
  /** Newest first: the (uploadedAt ms, id) pair to continue below. */
  beforeTime: number;
  beforeId: number;
  limit: number;
}

/**
 * The keyset bounds of a {@linkcode FilePage}.
 *
 * @throws {RangeError} when the order or limit is out of range
 */
export function resolveFilePage(page: FilePage = {}, action: string): ResolvedFilePage {
  const { order = "name", after, limit = DEFAULT_FILE_LIMIT } = page;
  if (order !== "name" && order !== "newest") {
    throw new RangeError(`Cannot ${action}: order must be "name" or "newest"`);
  }
  checkLimit(limit, action);
  return {
    byName: order === "name",
    first: after === undefined,
    afterKey: after === undefined ? "" : fileNameKey(after.name),
    beforeTime: after === undefined ? 8.64e15 : after.uploadedAt.getTime(),
    beforeId: after === undefined ? MAX_SAFE : after.id,
    limit,
  };
}

/** A LIKE pattern with `\` escaping LIKE's own wildcards in `text`. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/** A search reduced to its query parameters. */
export interface ResolvedSearch {
  level: number;
  /** A LIKE pattern (ESCAPE '\') over name keys, or `null` for any name. */
  nameLike: string | null;
  /** A LIKE pattern over description keys, or `null` for any description. */
  textLike: string | null;
  beforeId: number;
  limit: number;
  scan: number;
}

/**
 * Turns a {@linkcode FileSearch} and {@linkcode SearchPage} into query parameters: the glob
 * becomes a LIKE pattern over the lowercased name key (`*` → `%`, `?` → `_`, a glob without
 * either matches anywhere), the text a `%…%` pattern over the description key. Empty strings
 * mean "anything".
 *
 * @throws {RangeError} when the level, a bound or a length is out of range
 */
export function resolveSearch(
  search: FileSearch,
  page: SearchPage = {},
  action: string,
): ResolvedSearch {
  const { level, pattern = "", text = "" } = search;
  const { beforeId = MAX_SAFE, limit = DEFAULT_FILE_LIMIT, scan = DEFAULT_SEARCH_SCAN } = page;
  checkCallerLevel(level, action);
  for (const [name, value] of [["pattern", pattern], ["text", text]] as const) {
    if (value.length > MAX_SEARCH_TEXT) {
      throw new RangeError(
        `Cannot ${action}: the ${name} is ${value.length} characters, more than ${MAX_SEARCH_TEXT}`,
      );
    }
  }
  if (!Number.isSafeInteger(beforeId) || beforeId < 0) {
    throw new RangeError(`Cannot ${action}: beforeId must be a non-negative integer`);
  }
  checkLimit(limit, action);
  if (!Number.isInteger(scan) || scan < limit || scan > 1_000_000) {
    throw new RangeError(
      `Cannot ${action}: scan must be an integer from the limit (${limit}) to 1000000, got ${scan}`,
    );
  }
  let nameLike: string | null = null;
  if (pattern !== "") {
    const key = escapeLike(fileNameKey(pattern));
    nameLike = /[*?]/.test(key) ? key.replaceAll("*", "%").replaceAll("?", "_") : `%${key}%`;
  }
  const textLike = text === "" ? null : `%${escapeLike(fileNameKey(text))}%`;
  return { level, nameLike, textLike, beforeId, limit, scan };
}

/**
 * The `next` of a search step: after a full page, below its last file; after a full scan
 * without a full page, below the lowest id examined; otherwise done.
 */
export function nextSearchPage(
  search: ResolvedSearch,
  found: { lastId: number | undefined; count: number; scanned: number; floor: number },
): SearchPage | undefined {
  const { limit, scan } = search;
  if (found.count === limit) return { beforeId: found.lastId!, limit, scan };
  if (found.scanned === scan && found.floor > 1) return { beforeId: found.floor, limit, scan };
  return undefined;
}

/** Checks a list of hashes for `hashesInUse`. */
export function checkHashes(hashes: readonly string[], action: string): void {
  for (const hash of hashes) checkHash(hash, action);
}
