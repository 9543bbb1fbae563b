/**
 * The `Store` on PostgreSQL through postgres.js: a pool of connections, every tagged-template
 * query a named prepared statement cached per connection, `sql.begin()` for transactions.
 *
 * Rows come back with the `User` field names (the SELECT aliases them) and types postgres.js
 * already maps to what `User` wants (int4 and int2 → number, boolean, timestamptz → Date), so a
 * row is returned as is. The message base (`postgres_areas.ts`, `postgres_messages.ts`,
 * `postgres_mail.ts`) and the file areas (`postgres_files.ts`) share the pool; the read cache
 * hears other daemons through a LISTEN connection of its own (`change_feed.ts`,
 * `postgres_message_context.ts`).
 *
 * @module
 */

import postgres from "postgres";
import { CarrierError } from "../../errors.ts";
import { describeDatabaseUrl } from "../database_url.ts";
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
import { changeChannel, ChangeFeed } from "./change_feed.ts";
import { PostgresConnection } from "./postgres_connection.ts";
import { describeEndpoint, isUniqueViolation, wrapPostgresError } from "./postgres_errors.ts";
import { PostgresAreas } from "./postgres_areas.ts";
import { PostgresFiles } from "./postgres_files.ts";
import { PostgresMail } from "./postgres_mail.ts";
import { PostgresMessageContext } from "./postgres_message_context.ts";
import { PostgresMessages } from "./postgres_messages.ts";

/** Pool size when `poolSize` is not given. */
export const DEFAULT_POOL_SIZE = 10;

// pg_advisory_xact_lock keys, database-wide: "CAR" then a number per purpose.
/** Serialises migrations, so two daemons starting at once never both apply one. */
const MIGRATION_LOCK = 0x43415201;
/** Serialises creating the first account, so two daemons never both make a sysop. */
const FIRST_USER_LOCK = 0x43415202;

/** Aliased to the `User` field names. */
const USER_COLUMNS =
  `id, handle, password_hash AS "passwordHash", real_name AS "realName", location,
  security_level AS "securityLevel", is_sysop AS "isSysop", calls, created_at AS "createdAt",
  last_login_at AS "lastLoginAt", charset`;

/** Options for {@linkcode openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Connections in the pool (default {@linkcode DEFAULT_POOL_SIZE}). */
  poolSize?: number;
  /** Store bodies longer than this many UTF-8 bytes LZ4-compressed (default 512). */
  compressAbove?: number;
  /**
   * Bounds of the read cache; `{ maxEntries: 0 }` turns it off, and with it the LISTEN
   * connection (writes still NOTIFY other daemons).
   */
  readCache?: ReadCacheOptions;
}

/**
 * Connects a pool to the PostgreSQL database at `url` and checks that it answers. Does not
 * migrate: call `store.migrate()`. Query parameters of `url` that postgres.js does not know
 * (e.g. `search_path`) are sent to the server as startup parameters.
 *
 * @throws {CarrierError} `STORE_UNAVAILABLE` when the server cannot be reached or refuses us,
 *   with host, port and database (never the password) in the message
 * @throws {RangeError} when `poolSize` is not a positive integer
 * @example
 * ```ts
 * const store = await openPostgresStore("postgres://carrier@127.0.0.1:5432/bbs", { poolSize: 4 });
 * await store.migrate();
 * ```
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const { poolSize = DEFAULT_POOL_SIZE } = options;
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new RangeError(
      `Cannot open the store: poolSize must be a positive integer, got ${poolSize}`,
    );
  }
  const compressAbove = checkCompressAbove(options.compressAbove ?? DEFAULT_COMPRESS_ABOVE);
  const cache = new ReadCache(options.readCache);
  const location = describeDatabaseUrl(url);
  let sql: postgres.Sql;
  try {
    sql = postgres(url, {
      max: poolSize,
      // CREATE … IF NOT EXISTS and friends send notices; nobody reads them.
      onnotice: () => {},
      // No array columns are used, so skip the type query each new connection would run first.
      fetch_types: false,
      connection: { application_name: "carrier" },
    });
  } catch (error) {
    // No `cause`, and the URL redacted: a URL parse error quotes the URL, password and all.
    const reason = String(error instanceof Error ? error.message : error).replaceAll(url, location);
    throw new CarrierError("CONFIG_INVALID", `Cannot open the store ${location}: ${reason}`);
  }
  const endpoint = describeEndpoint(sql.options);
  let schema: string;
  try {
    const [row] = await sql<{ schema: string | null }[]>`SELECT current_schema() AS schema`;
    schema = row?.schema ?? "public";
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw wrapPostgresError(error, "open the store", endpoint, "STORE_UNAVAILABLE");
  }
  const conn = new PostgresConnection(sql, location, endpoint);
  const context = new PostgresMessageContext(conn, {
    compressAbove,
    cache,
    channel: changeChannel(schema),
    origin: crypto.randomUUID(),
  });
  let feed: ChangeFeed | undefined;
  if (cache.configured) {
    // Off until LISTEN is in effect: until then other daemons' changes would go unheard.
    cache.enabled = false;
    feed = new ChangeFeed(url, changeChannel(schema), {
      onChange: (payload) => context.onChange(payload),
      onListening: (listening) => {
        // Back from a drop: whatever was missed meanwhile is gone with the old entries.
        cache.enabled = listening;
      },
    });
    await feed.start();
  }
  return new PostgresStore(context, feed);
}

/** The PostgreSQL `Store`. */
export class PostgresStore implements Store {
  /** Always `"postgres"`. */
  readonly kind = "postgres";
  /** The database URL with its password redacted. */
  readonly location: string;
  #conn: PostgresConnection;
  #context: PostgresMessageContext;
  #areas: PostgresAreas;
  #messages: PostgresMessages;
  #mail: PostgresMail;
  #files: PostgresFiles;
  #cache: ReadCache;
  #feed: ChangeFeed | undefined;
  /** The column list as a fragment postgres.js inlines into each statement's text. */
  #columns: postgres.PendingQuery<postgres.Row[]>;

  /** Use {@linkcode openPostgresStore}, which checks the connection first. */
  constructor(context: PostgresMessageContext, feed: ChangeFeed | undefined) {
    this.#conn = context.conn;
    this.#context = context;
    this.#areas = new PostgresAreas(context);
    this.#messages = new PostgresMessages(context);
    this.#mail = new PostgresMail(context);
    this.#files = new PostgresFiles(context);
    this.#cache = context.cache;
    this.#feed = feed;
    this.location = context.conn.location;
    this.#columns = context.sql.unsafe(USER_COLUMNS);
  }

  get stats(): StoreStats {
    return storeStats(this.#cache, { queries: this.#conn.queries, versionChecks: 0 });
  }

  /**
   * Whether the read cache can hear other daemons now (its LISTEN connection is up); while it
   * cannot, reads bypass the cache.
   */
  get cacheListening(): boolean {
    return this.#feed?.listening ?? false;
  }

  /** The server process id of the LISTEN connection, for tests that cut it. */
  get listenerPid(): number | undefined {
    return this.#feed?.pid;
  }

  migrate(): Promise<string[]> {
    return applyMigrations("postgres", this.#migrationTarget());
  }

  async createUser(input: NewUser): Promise<User> {
    const columns = this.#columns;
    try {
      return await this.#db().begin(async (tx) => {
        this.#conn.count(3); // COMMIT, the check and the insert
        // The first account ever is the sysop. Only while the table looks empty is the lock
        // worth taking; under it, re-check (READ COMMITTED: the next statement sees commits
        // made while we waited).
        let first = !(await anyUser(tx));
        if (first) {
          this.#conn.count(2);
          await tx`SELECT pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
          first = !(await anyUser(tx));
        }
        const [user] = await tx<User[]>`
          INSERT INTO users
            (handle, handle_key, password_hash, real_name, location, security_level, is_sysop,
             created_at)
          VALUES (${input.handle}, ${handleKey(input.handle)}, ${input.passwordHash},
            ${input.realName ?? ""}, ${input.location ?? ""},
            ${first ? SYSOP_LEVEL : input.securityLevel ?? NEW_USER_LEVEL},
            ${first || input.isSysop === true}, ${new Date()})
          RETURNING ${columns}`;
        return user!;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw handleTakenError(input.handle, error);
      throw this.#wrap(error, `create user "${input.handle}"`);
    }
  }

  async userByHandle(handle: string): Promise<User | undefined> {
    try {
      const [user] = await this.#db()<User[]>`
        SELECT ${this.#columns} FROM users WHERE handle_key = ${handleKey(handle)}`;
      return user;
    } catch (error) {
      throw this.#wrap(error, `look up user "${handle}"`);
    }
  }

  async userById(id: number): Promise<User | undefined> {
    try {
      const [user] = await this.#db()<User[]>`SELECT ${this.#columns} FROM users WHERE id = ${id}`;
      return user;
    } catch (error) {
      throw this.#wrap(error, `look up user ${id}`);
    }
  }

  async listUsers(page?: UserPage): Promise<User[]> {
    const { afterId, limit } = resolveUserPage(page);
    try {
      const users = await this.#db()<User[]>`
        SELECT ${this.#columns} FROM users WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;
      // A plain array rather than postgres.js's RowList, so callers see the same type as SQLite's.
      return Array.from(users);
    } catch (error) {
      throw this.#wrap(error, "list users");
    }
  }

  async countUsers(): Promise<number> {
    try {
      const [row] = await this.#db()<{ n: number }[]>`SELECT count(*)::integer AS n FROM users`;
      return row!.n;
    } catch (error) {
      throw this.#wrap(error, "count users");
    }
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    const action = `set the password of user ${userId}`;
    let updated: number;
    try {
      ({ count: updated } = await this.#db()`
        UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}`);
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (updated === 0) throw userNotFoundError(action, userId);
  }

  async setCharset(userId: number, charset: CharsetChoice | null): Promise<void> {
    const action = `set the character set of user ${userId}`;
    let updated: number;
    try {
      ({ count: updated } = await this.#db()`
        UPDATE users SET charset = ${charset} WHERE id = ${userId}`);
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (updated === 0) throw userNotFoundError(action, userId);
  }

  async recordLogin(userId: number, at: Date): Promise<User> {
    const action = `record a login for user ${userId}`;
    let user: User | undefined;
    try {
      [user] = await this.#db()<User[]>`
        UPDATE users SET calls = calls + 1, last_login_at = ${at} WHERE id = ${userId}
        RETURNING ${this.#columns}`;
    } catch (error) {
      throw this.#wrap(error, action);
    }
    if (user === undefined) throw userNotFoundError(action, userId);
    return user;
  }

  async deleteUser(handle: string): Promise<boolean> {
    let deleted: boolean;
    try {
      // The user's messages lose their user id (ON DELETE SET NULL): cached headers go too, here
      // and in other daemons.
      const [row] = await this.#db()<{ deleted: boolean }[]>`
        WITH gone AS (DELETE FROM users WHERE handle_key = ${handleKey(handle)} RETURNING id),
          notified AS (${this.#context.notifyChange("*", "gone")})
        SELECT EXISTS (SELECT 1 FROM gone) AS deleted, (SELECT count(*) FROM notified) AS n`;
      deleted = row!.deleted;
    } catch (error) {
      throw this.#wrap(error, `delete user "${handle}"`);
    }
    if (deleted) this.#cache.clear();
    return deleted;
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

  async close(): Promise<void> {
    // Empty and off: later calls reach the closed pool and fail, as they should.
    this.#cache.enabled = false;
    await this.#feed?.close();
    await this.#conn.close();
  }

  #db(): postgres.Sql {
    return this.#conn.db();
  }

  #wrap(error: unknown, action: string, fallback?: "MIGRATION_FAILED"): CarrierError {
    return this.#conn.wrap(error, action, fallback);
  }

  #migrationTarget(): MigrationTarget {
    const withLock = async <T>(
      action: string,
      body: (tx: postgres.TransactionSql) => Promise<T>,
    ) => {
      try {
        return await this.#db().begin(async (tx) => {
          this.#conn.count(2); // COMMIT and the lock; the migration's own statements are not counted
          await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
          return body(tx);
        }) as T;
      } catch (error) {
        throw this.#wrap(error, action, "MIGRATION_FAILED");
      }
    };
    return {
      // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type.
      createLedger: () =>
        withLock("create schema_migrations", async (tx) => {
          await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL
          )`;
        }),
      appliedVersions: async () => {
        try {
          const rows = await this.#db()<{ version: number }[]>`
            SELECT version FROM schema_migrations`;
          return new Set(rows.map((row) => row.version));
        } catch (error) {
          throw this.#wrap(error, "read schema_migrations", "MIGRATION_FAILED");
        }
      },
      apply: (migration: Migration) =>
        withLock(`apply migration ${migration.name}`, async (tx) => {
          // Another daemon may have applied it while we waited for the lock.
          const [done] = await tx`
            SELECT 1 FROM schema_migrations WHERE version = ${migration.version}`;
          if (done !== undefined) return false;
          // Several statements, so the simple query protocol (unsafe() without parameters).
          await tx.unsafe(migration.sql);
          await tx`
            INSERT INTO schema_migrations (version, name, applied_at)
            VALUES (${migration.version}, ${migration.name}, now())`;
          return true;
        }),
    };
  }
}

async function anyUser(tx: postgres.TransactionSql): Promise<boolean> {
  const [row] = await tx<{ found: boolean }[]>`SELECT EXISTS (SELECT 1 FROM users) AS found`;
  return row!.found;
}
