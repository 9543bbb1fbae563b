/**
 * Everything Carrier persists, behind one `Store` interface with a SQLite and a PostgreSQL
 * adapter. Features take a `Store` and never see a driver type or error: adapters throw
 * `CarrierError` (`HANDLE_TAKEN`, `USER_NOT_FOUND`, `STORE_UNAVAILABLE`, `STORE_FAILED`,
 * `MIGRATION_FAILED`, …).
 *
 * Handles are unique in any letter case (Unicode-aware, see `handleKey`), and the first
 * account ever created becomes the sysop.
 *
 * The message base: conferences of message areas (read/post levels, denormalised counters),
 * messages numbered per area with threads and soft delete, per-caller last-read pointers with a
 * one-query new-scan and menu counters, and private mail. Bodies above `compressAbove` bytes
 * are stored LZ4-compressed. Area lists and listing pages are cached, and the cache hears
 * other processes on the same database (SQLite `PRAGMA data_version`, PostgreSQL
 * LISTEN/NOTIFY). `store.stats` counts queries and cache hits.
 *
 * File areas (`FileStore`, the file half of `Store`): areas with download/upload levels and a
 * size limit, file rows named by their content's BLAKE3 hash (the bytes live on disk, see
 * `src/files`), unique names per area in any letter case (`fileNameKey`), keyset listings by
 * name or date, a bounded search by name glob and description text, and per-caller transfer
 * counters.
 *
 * @example
 * ```ts
 * import { openStore } from "./src/storage/mod.ts";
 *
 * const store = await openStore("sqlite:data/carrier.db"); // or "postgres://carrier@db/bbs"
 * await store.migrate();
 * const sysop = await store.createUser({ handle: "Sysop", passwordHash });
 * const local = await store.createConference({ name: "Local" });
 * const area = await store.createArea({ conferenceId: local.id, tag: "general", name: "General" });
 * await store.postMessage({
 *   areaId: area.id, fromUserId: sysop.id, fromHandle: sysop.handle, subject: "Hi", body: "…",
 * });
 * const page = await store.listMessages(area.id); // newest 25
 * await store.close();
 * ```
 *
 * @module
 */

export { openStore, type StoreOptions } from "./open_store.ts";
export { describeDatabaseUrl } from "./database_url.ts";
export {
  AREA_TAG_PATTERN,
  DEFAULT_COMPRESS_ABOVE,
  DEFAULT_MESSAGE_LIMIT,
  MAX_BODY_BYTES,
  MAX_MESSAGE_LIMIT,
} from "./message_input.ts";
export type {
  AreaChanges,
  Conference,
  ConferenceChanges,
  DeleteOptions,
  IdPage,
  ImportedMessage,
  ImportResult,
  Mail,
  MailHeader,
  MailPage,
  MenuCounters,
  Message,
  MessageArea,
  MessageHeader,
  MessagePage,
  MessageSeek,
  NewArea,
  NewConference,
  NewMail,
  NewMessage,
  NewScanArea,
  StoreStats,
} from "./message_types.ts";
export type { ReadCacheOptions } from "./read_cache.ts";
export {
  DEFAULT_FILE_LIMIT,
  DEFAULT_SEARCH_SCAN,
  fileNameKey,
  MAX_FILE_NAME,
  MAX_SEARCH_TEXT,
} from "./file_input.ts";
export type { FileStore } from "./file_store.ts";
export type {
  FileAccess,
  FileArea,
  FileAreaChanges,
  FileCursor,
  FileEntry,
  FilePage,
  FileSearch,
  FileSearchResult,
  FoundFile,
  NewFile,
  NewFileArea,
  SearchPage,
  TransferStats,
} from "./file_types.ts";
export {
  type CharsetChoice,
  handleKey,
  NEW_USER_LEVEL,
  type NewUser,
  type Store,
  type StoreKind,
  SYSOP_LEVEL,
  type User,
  type UserPage,
} from "./store.ts";
