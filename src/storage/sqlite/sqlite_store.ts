/**
 * The `Store` on one SQLite file through Deno's built-in `node:sqlite`.
 *
 * One connection per store; `node:sqlite` is synchronous, so each method runs to completion
 * without interleaving with other callers in this process, and `BEGIN IMMEDIATE` takes the write
 * lock up front so a check and the write that depends on it are atomic across processes too.
 * The message base (`sqlite_areas.ts`, `sqlite_messages.ts`, `sqlite_mail.ts`) and the file
 * areas (`sqlite_files.ts`) share the connection.
 *
 * @module
 */

import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { absolutePath, parentDir } from "../../paths/mod.ts";
import type { ErrorCode } from "../../errors.ts";
import { checkCompressAbove, DEFAULT_COMPRESS_ABOVE } from "../message_input.ts";
import type {
  FileAccess,
  FileArea,
  FileAreaChanges,
  FileEntry,
  FilePage,
  FileSearch,
  FileSearchResult,
  FoundFile,
  NewFile,
  NewFileArea,
  SearchPage,
  TransferStats,
} from "../file_types.ts";
import type {
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
} from "../message_types.ts";
import { applyMigrations, type Migration, type MigrationTarget } from "../migrate.ts";
import { ReadCache, type ReadCacheOptions, storeStats } from "../read_cache.ts";
import {
  type CharsetChoice,
  handleKey,
  NEW_USER_LEVEL,
  type NewUser,
  type Store,
  SYSOP_LEVEL,
  type User,
  type UserPage,
} from "../store.ts";
import { handleTakenError, userNotFoundError } from "../store_errors.ts";
import { resolveUserPage } from "../user_page.ts";
import { SqliteConnection } from "./sqlite_connection.ts";
import { isUniqueViolation, wrapSqliteError } from "./sqlite_errors.ts";
import { SqliteAreas } from "./sqlite_areas.ts";
import { SqliteFiles } from "./sqlite_files.ts";
import { SqliteMail } from "./sqlite_mail.ts";
import { SqliteMessageContext } from "./sqlite_message_context.ts";
import { SqliteMessages } from "./sqlite_messages.ts";
import { StatementCache } from "./statement_cache.ts";

/** Set on every connection. busy_timeout comes first so switching to WAL waits out a lock. */
const PRAGMAS = [
  "PRAGMA busy_timeout = 5000",
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA foreign_keys = ON",
];

/** Aliased to the `User` field names, so a row needs converting only where types differ. */
const USER_COLUMNS =
  `id, handle, password_hash AS "passwordHash", real_name AS "realName", location,
  security_level AS "securityLevel", is_sysop AS "isSysop", calls, created_at AS "createdAt",
  last_login_at AS "lastLoginAt", charset`;

const SQL = {
  createLedger: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`,
  appliedVersions: "SELECT version FROM schema_migrations",
  isApplied: "SELECT 1 AS applied FROM schema_migrations WHERE version = ?",
  recordMigration: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  anyUser: "SELECT EXISTS (SELECT 1 FROM users) AS found",
  insertUser: `INSERT INTO users
    (handle, handle_key, password_hash, real_name, location, security_level, is_sysop, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`,
  userByKey: `SELECT ${USER_COLUMNS} FROM users WHERE handle_key = ?`,
  userById: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  listUsers: `SELECT ${USER_COLUMNS} FROM users WHERE id > ? ORDER BY id LIMIT ?`,
  countUsers: "SELECT count(*) AS n FROM users",
  setPasswordHash: "UPDATE users SET password_hash = ? WHERE id = ?",
  setCharset: "UPDATE users SET charset = ? WHERE id = ?",
  recordLogin:
    `UPDATE users SET calls = calls + 1, last_login_at = ? WHERE id = ? RETURNING ${USER_COLUMNS}`,
  deleteUser: "DELETE FROM users WHERE handle_key = ?",
} as const;

/** A `users` row as SQLite returns it: booleans as 0/1, times as epoch milliseconds. */
type UserRow = Omit<User, "isSysop" | "createdAt" | "lastLoginAt"> & {
  isSysop: number;
  createdAt: number;
  lastLoginAt: number | null;
};

function toUser(row: UserRow): User {
  return {
    id: row.id,
    handle: row.handle,
    passwordHash: row.passwordHash,
    realName: row.realName,
    location: row.location,
    securityLevel: row.securityLevel,
    isSysop: row.isSysop === 1,
    calls: row.calls,
    createdAt: new Date(row.createdAt),
    lastLoginAt: row.lastLoginAt === null ? null : new Date(row.lastLoginAt),
    charset: row.charset,
  };
}

/** Options for {@linkcode openSqliteStore}. */
export interface SqliteStoreOptions {
  /** Store bodies longer than this many UTF-8 bytes LZ4-compressed (default 512). */
  compressAbove?: number;
  /** Bounds of the read cache; `{ maxEntries: 0 }` turns it off. */
  readCache?: ReadCacheOptions;
}

/**
 * Opens (creating if needed) the SQLite database at `path` and sets its pragmas. The parent
 * directory is created when missing. Does not migrate: call `store.migrate()`.
 *
 * @param path a file path, relative to the working directory or absolute, or `:memory:`
 * @throws {CarrierError} `STORE_UNAVAILABLE` when the file cannot be opened
 * @throws {RangeError} when an option is out of range
 * @example
 * ```ts
 * const store = openSqliteStore("data/carrier.db", { compressAbove: 1024 });
 * await store.migrate();
 * ```
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const compressAbove = checkCompressAbove(options.compressAbove ?? DEFAULT_COMPRESS_ABOVE);
  const cache = new ReadCache(options.readCache);
  const location = path === ":memory:" ? path : absolutePath(path);
  let db: DatabaseSync | undefined;
  try {
    if (location !== ":memory:") Deno.mkdirSync(parentDir(location), { recursive: true });
    db = new DatabaseSync(location);
    const statements = new StatementCache(db);
    for (const pragma of PRAGMAS) statements.get(pragma).get();
    const conn = new SqliteConnection(db, statements, location);
    return new SqliteStore(new SqliteMessageContext(conn, { compressAbove, cache }));
  } catch (error) {
    db?.close();
    throw wrapSqliteError(error, `open the SQLite store at ${location}`, "STORE_UNAVAILABLE");
  }
}

/** The SQLite `Store`, with a few read-only diagnostics beyond the interface. */
export class SqliteStore implements Store {
  /** Always `"sqlite"`. */
  readonly kind = "sqlite";
  /** The absolute path of the database file. */
  readonly location: string;
  #conn: SqliteConnection;
  #context: SqliteMessageContext;
  #areas: SqliteAreas;
  #messages: SqliteMessages;
  #mail: SqliteMail;
  #files: SqliteFiles;
  #cache: ReadCache;

  /** Use {@linkcode openSqliteStore}, which sets the pragmas first. */
  constructor(context: SqliteMessageContext) {
    this.#conn = context.conn;
    this.#context = context;
    this.#areas = new SqliteAreas(context);
    this.#messages = new SqliteMessages(context);
    this.#mail = new SqliteMail(context);
    this.#files = new SqliteFiles(context);
    this.#cache = context.cache;
    this.location = context.conn.location;
  }

  /** How many distinct statements this connection has prepared (each exactly once). */
  get cachedStatements(): number {
    return this.#conn.preparedStatements;
  }

  get stats(): StoreStats {
    return storeStats(this.#cache, {
      queries: this.#conn.queries,
      versionChecks: this.#context.versionChecks,
    });
  }

  /** The current value of a pragma on this connection, e.g. `pragma("journal_mode")` → `"wal"`. */
  pragma(
    name: "journal_mode" | "synchronous" | "foreign_keys" | "busy_timeout",
  ): string | number | undefined {
    const row = this.#get(`PRAGMA ${name}`);
    const value = row && Object.values(row)[0];
    return typeof value === "string" || typeof value === "number" ? value : undefined;
  }

  migrate(): Promise<string[]> {
    return applyMigrations("sqlite", this.#migrationTarget());
  }

  createUser(input: NewUser): Promise<User> {
    return this.#attempt(() => `create user "${input.handle}"`, () => {
      try {
        return this.#transaction(() => {
          // The first account ever is the sysop; BEGIN IMMEDIATE holds the write lock from here.
          const first = this.#get(SQL.anyUser)?.found === 0;
          const row = this.#get(
            SQL.insertUser,
            input.handle,
            handleKey(input.handle),
            input.passwordHash,
            input.realName ?? "",
            input.location ?? "",
            first ? SYSOP_LEVEL : input.securityLevel ?? NEW_USER_LEVEL,
            first || input.isSysop === true ? 1 : 0,
            Date.now(),
          );
          return toUser(row as UserRow);
        });
      } catch (error) {
        throw isUniqueViolation(error) ? handleTakenError(input.handle, error) : error;
      }
    });
  }

  userByHandle(handle: string): Promise<User | undefined> {
    return this.#attempt(() => `look up user "${handle}"`, () => {
      const row = this.#get(SQL.userByKey, handleKey(handle));
      return row && toUser(row as UserRow);
    });
  }

  userById(id: number): Promise<User | undefined> {
    return this.#attempt(() => `look up user ${id}`, () => {
      const row = this.#get(SQL.userById, id);
      return row && toUser(row as UserRow);
    });
  }

  listUsers(page?: UserPage): Promise<User[]> {
    return this.#attempt(() => "list users", () => {
      const { afterId, limit } = resolveUserPage(page);
      const rows = this.#statement(SQL.listUsers).all(afterId, limit);
      return rows.map((row) => toUser(row as UserRow));
    });
  }

  countUsers(): Promise<number> {
    return this.#attempt(() => "count users", () => Number(this.#get(SQL.countUsers)?.n));
  }

  setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    const action = () => `set the password of user ${userId}`;
    return this.#attempt(action, () => {
      const { changes } = this.#statement(SQL.setPasswordHash).run(passwordHash, userId);
      if (changes === 0) throw userNotFoundError(action(), userId);
    });
  }

  setCharset(userId: number, charset: CharsetChoice | null): Promise<void> {
    const action = () => `set the character set of user ${userId}`;
    return this.#attempt(action, () => {
      const { changes } = this.#statement(SQL.setCharset).run(charset, userId);
      if (changes === 0) throw userNotFoundError(action(), userId);
    });
  }

  recordLogin(userId: number, at: Date): Promise<User> {
    const action = () => `record a login for user ${userId}`;
    return this.#attempt(action, () => {
      const row = this.#get(SQL.recordLogin, at.getTime(), userId);
      if (row === undefined) throw userNotFoundError(action(), userId);
      return toUser(row as UserRow);
    });
  }

  deleteUser(handle: string): Promise<boolean> {
    return this.#attempt(() => `delete user "${handle}"`, () => {
      const { changes } = this.#statement(SQL.deleteUser).run(handleKey(handle));
      // The user's messages lose their user id (ON DELETE SET NULL): cached headers go too.
      if (changes > 0) this.#cache.clear();
      return changes > 0;
    });
  }

  // The message base: conferences and areas, messages and new-scan, mail.

  createConference(input: NewConference): Promise<Conference> {
    return this.#areas.createConference(input);
  }

  listConferences(): Promise<Conference[]> {
    return this.#areas.listConferences();
  }

  updateConference(id: number, changes: ConferenceChanges): Promise<Conference | undefined> {
    return this.#areas.updateConference(id, changes);
  }

  deleteConference(id: number, options?: DeleteOptions): Promise<boolean> {
    return this.#areas.deleteConference(id, options);
  }

  createArea(input: NewArea): Promise<MessageArea> {
    return this.#areas.createArea(input);
  }

  updateArea(id: number, changes: AreaChanges): Promise<MessageArea | undefined> {
    return this.#areas.updateArea(id, changes);
  }

  deleteArea(id: number, options?: DeleteOptions): Promise<boolean> {
    return this.#areas.deleteArea(id, options);
  }

  areaByTag(tag: string): Promise<MessageArea | undefined> {
    return this.#areas.areaByTag(tag);
  }

  areaById(id: number): Promise<MessageArea | undefined> {
    return this.#areas.areaById(id);
  }

  listAreas(options: { level: number }): Promise<readonly MessageArea[]> {
    return this.#areas.listAreas(options);
  }

  postMessage(input: NewMessage): Promise<MessageHeader> {
    return this.#messages.postMessage(input);
  }

  importMessages(areaId: number, messages: readonly ImportedMessage[]): Promise<ImportResult> {
    return this.#messages.importMessages(areaId, messages);
  }

  listMessages(areaId: number, page?: MessagePage): Promise<readonly MessageHeader[]> {
    return this.#messages.listMessages(areaId, page);
  }

  readMessage(areaId: number, number: number, seek?: MessageSeek): Promise<Message | undefined> {
    return this.#messages.readMessage(areaId, number, seek);
  }

  messageById(id: number): Promise<Message | undefined> {
    return this.#messages.messageById(id);
  }

  replies(messageId: number, page?: IdPage): Promise<MessageHeader[]> {
    return this.#messages.replies(messageId, page);
  }

  listThread(rootId: number, page?: IdPage): Promise<MessageHeader[]> {
    return this.#messages.listThread(rootId, page);
  }

  deleteMessage(id: number): Promise<boolean> {
    return this.#messages.deleteMessage(id);
  }

  setLastRead(userId: number, areaId: number, number: number): Promise<void> {
    return this.#messages.setLastRead(userId, areaId, number);
  }

  lastRead(userId: number, areaId: number): Promise<number> {
    return this.#messages.lastRead(userId, areaId);
  }

  markAllRead(userId: number, level: number): Promise<void> {
    return this.#messages.markAllRead(userId, level);
  }

  newScan(userId: number, level: number): Promise<NewScanArea[]> {
    return this.#messages.newScan(userId, level);
  }

  menuCounters(userId: number, level: number): Promise<MenuCounters> {
    return this.#messages.menuCounters(userId, level);
  }

  sendMail(input: NewMail): Promise<MailHeader> {
    return this.#mail.sendMail(input);
  }

  listMail(userId: number, page?: MailPage): Promise<MailHeader[]> {
    return this.#mail.listMail(userId, page);
  }

  readMail(userId: number, id: number): Promise<Mail | undefined> {
    return this.#mail.readMail(userId, id);
  }

  deleteMail(userId: number, id: number): Promise<boolean> {
    return this.#mail.deleteMail(userId, id);
  }

  mailById(id: number): Promise<Mail | undefined> {
    return this.#mail.mailById(id);
  }

  // File areas.

  createFileArea(input: NewFileArea): Promise<FileArea> {
    return this.#files.createFileArea(input);
  }

  listFileAreas(options: { level: number; access?: FileAccess }): Promise<readonly FileArea[]> {
    return this.#files.listFileAreas(options);
  }

  updateFileArea(id: number, changes: FileAreaChanges): Promise<FileArea | undefined> {
    return this.#files.updateFileArea(id, changes);
  }

  deleteFileArea(id: number, options?: DeleteOptions): Promise<boolean> {
    return this.#files.deleteFileArea(id, options);
  }

  fileAreaByTag(tag: string): Promise<FileArea | undefined> {
    return this.#files.fileAreaByTag(tag);
  }

  fileAreaById(id: number): Promise<FileArea | undefined> {
    return this.#files.fileAreaById(id);
  }

  addFile(input: NewFile): Promise<FileEntry> {
    return this.#files.addFile(input);
  }

  fileByHash(hash: string): Promise<FoundFile | undefined> {
    return this.#files.fileByHash(hash);
  }

  hashesInUse(hashes: readonly string[]): Promise<Set<string>> {
    return this.#files.hashesInUse(hashes);
  }

  listFiles(areaId: number, page?: FilePage): Promise<FileEntry[]> {
    return this.#files.listFiles(areaId, page);
  }

  fileByName(areaId: number, name: string): Promise<FileEntry | undefined> {
    return this.#files.fileByName(areaId, name);
  }

  fileById(id: number): Promise<FileEntry | undefined> {
    return this.#files.fileById(id);
  }

  searchFiles(search: FileSearch, page?: SearchPage): Promise<FileSearchResult> {
    return this.#files.searchFiles(search, page);
  }

  recordDownload(fileId: number, userId: number): Promise<boolean> {
    return this.#files.recordDownload(fileId, userId);
  }

  deleteFile(id: number): Promise<FileEntry | undefined> {
    return this.#files.deleteFile(id);
  }

  userTransferStats(userId: number): Promise<TransferStats> {
    return this.#files.userTransferStats(userId);
  }

  close(): Promise<void> {
    this.#cache.enabled = false;
    this.#conn.close();
    return Promise.resolve();
  }

  #attempt<T>(action: () => string, body: () => T, fallback?: ErrorCode): Promise<T> {
    return this.#conn.attempt(action, body, fallback);
  }

  #statement(sql: string) {
    return this.#conn.statement(sql);
  }

  #get(sql: string, ...params: SQLInputValue[]) {
    return this.#conn.get(sql, ...params);
  }

  #transaction<T>(body: () => T): T {
    return this.#conn.transaction(body);
  }

  #migrationTarget(): MigrationTarget {
    const where = this.location;
    return {
      createLedger: () =>
        this.#attempt(() => `create schema_migrations in ${where}`, () => {
          this.#statement(SQL.createLedger).run();
        }, "MIGRATION_FAILED"),
      appliedVersions: () =>
        this.#attempt(() => `read schema_migrations in ${where}`, () => {
          const rows = this.#statement(SQL.appliedVersions).all();
          return new Set(rows.map((row) => Number(row.version)));
        }, "MIGRATION_FAILED"),
      apply: (migration: Migration) =>
        this.#attempt(
          () => `apply migration ${migration.name} to ${where}`,
          () =>
            this.#transaction(() => {
              // Another process may have applied it since appliedVersions() was read.
              if (this.#get(SQL.isApplied, migration.version) !== undefined) return false;
              // A migration file holds several statements, so it goes through exec() rather than
              // the statement cache; it runs once in the life of a database.
              this.#conn.db.exec(migration.sql);
              this.#statement(SQL.recordMigration).run(
                migration.version,
                migration.name,
                Date.now(),
              );
              return true;
            }),
          "MIGRATION_FAILED",
        ),
    };
  }
}
