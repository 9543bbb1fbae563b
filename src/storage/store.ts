/**
 * The storage interface every feature uses, and the row types it returns. Adapters
 * (`sqlite/`, `postgres/`) implement `Store`; nothing above them sees a driver type. The message
 * base's row types live in `message_types.ts`.
 *
 * @module
 */

import type { FileStore } from "./file_store.ts";
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
} from "./message_types.ts";

/** Security level given to the sysop account. */
export const SYSOP_LEVEL = 255;

/** Security level a new caller gets unless the sysop configures another. */
export const NEW_USER_LEVEL = 10;

/** Character sets a caller's terminal can be set to. */
export type CharsetChoice = "cp437" | "utf8";

/** A caller's account. */
export interface User {
  id: number;
  /** The handle as the caller typed it. */
  handle: string;
  /** argon2id in PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`). */
  passwordHash: string;
  realName: string;
  location: string;
  securityLevel: number;
  isSysop: boolean;
  /** Completed logins, this one included once `recordLogin` ran. */
  calls: number;
  createdAt: Date;
  lastLoginAt: Date | null;
  /** The character set the caller chose, or `null` to go by the terminal type. */
  charset: CharsetChoice | null;
}

/** What it takes to create an account. */
export interface NewUser {
  handle: string;
  passwordHash: string;
  realName?: string;
  location?: string;
  securityLevel?: number;
  isSysop?: boolean;
}

/** A page request for keyset pagination by ascending id. */
export interface UserPage {
  /** Return users with an id above this one. */
  afterId?: number;
  /** At most this many rows (default 100). */
  limit?: number;
}

/** Which backend a store talks to. */
export type StoreKind = "sqlite" | "postgres";

/**
 * Everything Carrier persists. Methods throw `CarrierError` (`HANDLE_TAKEN`, `FILE_NAME_TAKEN`,
 * `STORE_UNAVAILABLE`, `STORE_CONFLICT`, `STORE_FAILED`, `MIGRATION_FAILED`) and never a driver
 * error; `RangeError` for arguments out of range (a bad tag, a page limit of 0).
 *
 * Security levels are the feature's business except where a list depends on them
 * (`listAreas`, `newScan`, `menuCounters`, `markAllRead` take the caller's level). Mail is the
 * exception: `readMail`, `listMail` and `deleteMail` take the caller and refuse others' mail.
 *
 * Results of `listAreas`, `listMessages` and `listFileAreas` may come from the read cache and
 * are frozen: they are shared between callers. The file areas' methods are in `FileStore`.
 */
export interface Store extends FileStore {
  /** The backend behind this store. */
  readonly kind: StoreKind;
  /** Where the store lives, safe to print (no password). */
  readonly location: string;
  /** Query and read-cache counters (a fresh snapshot on each read). */
  readonly stats: StoreStats;

  /**
   * Applies the migrations not yet recorded in `schema_migrations`, each in its own
   * transaction, in order.
   *
   * @returns the names of the migrations applied now (empty when up to date)
   */
  migrate(): Promise<string[]>;

  /**
   * Creates an account. The first account ever created becomes the sysop (level
   * `SYSOP_LEVEL`) whatever `input` says; the check and the insert are one transaction.
   *
   * @throws {CarrierError} `HANDLE_TAKEN` when the handle exists in any letter case
   */
  createUser(input: NewUser): Promise<User>;

  /** The account whose handle matches `handle` in any letter case. */
  userByHandle(handle: string): Promise<User | undefined>;

  /** The account with this id. */
  userById(id: number): Promise<User | undefined>;

  /** Accounts in id order, one keyset page at a time. */
  listUsers(page?: UserPage): Promise<User[]>;

  /** How many accounts exist. */
  countUsers(): Promise<number>;

  /**
   * Replaces a password hash (password change, or re-hash with newer parameters).
   *
   * @throws {CarrierError} `USER_NOT_FOUND` when the account no longer exists
   */
  setPasswordHash(userId: number, passwordHash: string): Promise<void>;

  /**
   * Counts a completed login: adds one call and sets the last-login time.
   *
   * @returns the updated account
   * @throws {CarrierError} `USER_NOT_FOUND` when the account no longer exists
   */
  recordLogin(userId: number, at: Date): Promise<User>;

  /**
   * Remembers the caller's character set (`null` forgets it).
   *
   * @throws {CarrierError} `USER_NOT_FOUND` when the account does not exist
   */
  setCharset(userId: number, charset: CharsetChoice | null): Promise<void>;

  /** Deletes the account with this handle (any letter case). @returns whether one existed */
  deleteUser(handle: string): Promise<boolean>;

  // ── Conferences and message areas (sysop commands) ──

  /** Creates a conference. */
  createConference(input: NewConference): Promise<Conference>;

  /** Every conference in display order (`sortOrder`, then id). */
  listConferences(): Promise<Conference[]>;

  /** Changes the given fields. @returns the conference, or `undefined` when it does not exist */
  updateConference(id: number, changes: ConferenceChanges): Promise<Conference | undefined>;

  /**
   * Deletes a conference.
   *
   * @returns whether it existed
   * @throws {CarrierError} `STORE_CONFLICT` when it holds areas and `force` is not set (with
   *   `force`, its areas and their messages go too)
   */
  deleteConference(id: number, options?: DeleteOptions): Promise<boolean>;

  /**
   * Creates a message area with its counters at zero.
   *
   * @throws {CarrierError} `STORE_CONFLICT` when the tag is taken or the conference is missing
   * @throws {RangeError} when the tag does not match `AREA_TAG_PATTERN` or a level is not 0–255
   */
  createArea(input: NewArea): Promise<MessageArea>;

  /**
   * Changes the given fields (moving an area to another conference included).
   *
   * @returns the area, or `undefined` when it does not exist
   * @throws {CarrierError} `STORE_CONFLICT` when the new tag is taken
   */
  updateArea(id: number, changes: AreaChanges): Promise<MessageArea | undefined>;

  /**
   * Deletes an area for good.
   *
   * @returns whether it existed
   * @throws {CarrierError} `STORE_CONFLICT` when it holds messages that are not deleted and
   *   `force` is not set (with `force`, they go too)
   */
  deleteArea(id: number, options?: DeleteOptions): Promise<boolean>;

  /** The area with this tag, in any letter case. */
  areaByTag(tag: string): Promise<MessageArea | undefined>;

  /** The area with this id. */
  areaById(id: number): Promise<MessageArea | undefined>;

  /**
   * The areas a caller of security level `level` may read, with counters and conference names,
   * in display order (conference order, then area order). Cached.
   */
  listAreas(options: { level: number }): Promise<readonly MessageArea[]>;

  // ── Messages ──

  /**
   * Posts a message: in one transaction, takes the area's next number, updates its counters,
   * and for a reply adds one to the parent's `replyCount` and inherits its thread. When this
   * settles the message is durable (see the adapters on what survives what).
   *
   * @returns the stored header, with its number
   * @throws {CarrierError} `STORE_CONFLICT` when the area does not exist or the message replied
   *   to is missing, deleted or in another area
   * @throws {RangeError} when the body is longer than `MAX_BODY_BYTES`
   */
  postMessage(input: NewMessage): Promise<MessageHeader>;

  /**
   * Stores a batch in one transaction, numbered in the order given, dates kept as given
   * (mbox import, bench seeding). `replyTo` links point into the same batch.
   *
   * @throws {CarrierError} `STORE_CONFLICT` when the area does not exist
   * @throws {RangeError} when a `replyTo` does not point at an earlier message of the batch
   */
  importMessages(areaId: number, messages: readonly ImportedMessage[]): Promise<ImportResult>;

  /**
   * One keyset page of an area's messages that are not deleted (25 by default, newest first).
   * Cached per page until the area changes.
   *
   * @throws {RangeError} when both `before` and `after` are given, or `limit` is out of range
   */
  listMessages(areaId: number, page?: MessagePage): Promise<readonly MessageHeader[]>;

  /**
   * A message with its body: number `number` (`"exact"`, the default), or the first one after it
   * (`"next"`) or before it (`"previous"`), skipping deleted messages.
   */
  readMessage(areaId: number, number: number, seek?: MessageSeek): Promise<Message | undefined>;

  /** The message with this global id, unless deleted. */
  messageById(id: number): Promise<Message | undefined>;

  /** Direct replies to a message, oldest first, one keyset page at a time. */
  replies(messageId: number, page?: IdPage): Promise<MessageHeader[]>;

  /** A whole thread by its root's id (`threadRootId`), root first, by id. */
  listThread(rootId: number, page?: IdPage): Promise<MessageHeader[]>;

  /**
   * Soft-deletes a message: it leaves listings, the area's `messageCount` and its parent's
   * `replyCount`; its number is not reused. Who may delete is the feature's check.
   *
   * @returns false when there was no such message or it was already deleted
   */
  deleteMessage(id: number): Promise<boolean>;

  // ── New-scan ──

  /**
   * Sets a caller's pointer in an area (the highest number read). Callers start at 0: a new
   * caller sees every message as new until `markAllRead`.
   *
   * @throws {CarrierError} `STORE_CONFLICT` when the user or area does not exist
   * @throws {RangeError} when `number` is negative
   */
  setLastRead(userId: number, areaId: number, number: number): Promise<void>;

  /** A caller's pointer in an area; 0 when never set. */
  lastRead(userId: number, areaId: number): Promise<number>;

  /** Moves the caller's pointers to the high-water mark of every area `level` may read. */
  markAllRead(userId: number, level: number): Promise<void>;

  /**
   * The areas `level` may read that hold unread messages for the caller, in display order, in
   * one query. Unread counts are exact: high-water minus pointer minus the deleted messages
   * above the pointer.
   */
  newScan(userId: number, level: number): Promise<NewScanArea[]>;

  /** New messages (as `newScan` counts them) and unread private mail, in one query. */
  menuCounters(userId: number, level: number): Promise<MenuCounters>;

  // ── Private mail ──

  /**
   * Sends private mail.
   *
   * @throws {CarrierError} `USER_NOT_FOUND` when the sender or recipient does not exist
   */
  sendMail(input: NewMail): Promise<MailHeader>;

  /** A caller's inbox or sent mail, newest first, one keyset page at a time. */
  listMail(userId: number, page?: MailPage): Promise<MailHeader[]>;

  /**
   * Mail `userId` sent or received and has not deleted; marks it read when `userId` is the
   * recipient.
   *
   * @returns `undefined` for anyone else's mail, as for mail that does not exist
   */
  readMail(userId: number, id: number): Promise<Mail | undefined>;

  /** Deletes `userId`'s copy (sent or received). @returns false when they had none */
  deleteMail(userId: number, id: number): Promise<boolean>;

  /**
   * Any mail by id, deleted copies included, without checking who asks: only for the sysop's
   * explicit command, never on a caller's behalf.
   */
  mailById(id: number): Promise<Mail | undefined>;

  /** Closes connections and files. The store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * The key that makes handles unique regardless of letter case, computed the same way for both
 * backends (a Unicode-aware lowercase of the NFC form), so "Zoë" and "ZOË" collide everywhere.
 */
export function handleKey(handle: string): string {
  return handle.normalize("NFC").toLowerCase();
}
