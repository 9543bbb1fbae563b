/**
 * Row and input types of the message base (conferences, message areas, messages, new-scan
 * pointers, private mail) and the store's statistics. `Store` in `store.ts` takes and returns
 * them.
 *
 * @module
 */

/** A group of message areas, shown as a heading on the area list. */
export interface Conference {
  id: number;
  name: string;
  description: string;
  /** Conferences are shown by this, then by id. */
  sortOrder: number;
}

/** What it takes to create a conference. */
export interface NewConference {
  name: string;
  description?: string;
  sortOrder?: number;
}

/** The fields `updateConference` changes; the others stay as they are. */
export type ConferenceChanges = Partial<NewConference>;

/** A message area with its denormalised counters. */
export interface MessageArea {
  id: number;
  conferenceId: number;
  /** The conference's name, joined in so an area list needs no second query. */
  conferenceName: string;
  /** Short lowercase name for admin commands, e.g. `general` (see `AREA_TAG_PATTERN`). */
  tag: string;
  name: string;
  description: string;
  /** Callers below this security level do not see the area at all. */
  readLevel: number;
  /** Callers below this security level may read but not post (checked by the feature). */
  postLevel: number;
  /** Whether `|07`-style colour codes in bodies are rendered (otherwise shown as typed). */
  allowPipeCodes: boolean;
  /** Areas are shown by conference, then by this, then by id. */
  sortOrder: number;
  /** The last number handed out in this area; numbers are never reused. */
  highWater: number;
  /** Messages not deleted. */
  messageCount: number;
  /** The newest `createdAt` ever posted or imported here; `null` before the first. */
  lastPostAt: Date | null;
}

/** What it takes to create a message area. */
export interface NewArea {
  conferenceId: number;
  /** Lowercased by the store; must then match `AREA_TAG_PATTERN`. */
  tag: string;
  name: string;
  description?: string;
  /** Default 0: everyone. */
  readLevel?: number;
  /** Default 0: everyone. */
  postLevel?: number;
  /** Default false. */
  allowPipeCodes?: boolean;
  /** Default 0. */
  sortOrder?: number;
}

/** The fields `updateArea` changes; the others stay as they are. */
export type AreaChanges = Partial<NewArea>;

/** Options of `deleteArea` and `deleteConference`. */
export interface DeleteOptions {
  /** Delete what it holds too (messages, or areas and their messages). */
  force?: boolean;
}

/** A message as the area listing shows it, without the body. */
export interface MessageHeader {
  /** Global id, for replies and threads. */
  id: number;
  areaId: number;
  /** Per-area number callers see and type. */
  number: number;
  /** The poster's account; `null` when imported from outside or the account was deleted. */
  fromUserId: number | null;
  fromHandle: string;
  /** `null`: to all. */
  toHandle: string | null;
  subject: string;
  createdAt: Date;
  replyToId: number | null;
  /** The first message of the thread: this message's own id when it starts one. */
  threadRootId: number;
  /** Replies to this message that are not deleted. */
  replyCount: number;
  /** The body's length in UTF-8 bytes. */
  bodyLength: number;
}

/** A message with its body. */
export interface Message extends MessageHeader {
  body: string;
}

/** What `postMessage` needs. */
export interface NewMessage {
  areaId: number;
  fromUserId: number | null;
  fromHandle: string;
  /** Default `null`: to all. */
  toHandle?: string | null;
  subject: string;
  body: string;
  /** The message replied to, which must be in the same area and not deleted. */
  replyToId?: number;
  /** Default now. */
  createdAt?: Date;
}

/** One message of an `importMessages` batch. */
export interface ImportedMessage {
  fromHandle: string;
  /** Default `null` (from outside the board). */
  fromUserId?: number | null;
  toHandle?: string | null;
  subject: string;
  body: string;
  /** Kept as given. */
  createdAt: Date;
  /** The index in the same batch of the message this one replies to (an earlier one). */
  replyTo?: number;
}

/** What `importMessages` stored. */
export interface ImportResult {
  count: number;
  /** The number given to the batch's first message (each next one gets one more). */
  firstNumber: number;
  lastNumber: number;
}

/**
 * A keyset page of an area's messages. Rows come in `direction` order whichever bound is
 * given: `before` pages towards older messages, `after` towards newer ones.
 *
 * @example
 * ```ts
 * const page = await store.listMessages(area.id); // the 25 newest, newest first
 * const older = await store.listMessages(area.id, { before: page.at(-1)!.number });
 * const back = await store.listMessages(area.id, { after: older[0]!.number }); // = page
 * ```
 */
export interface MessagePage {
  /** Default `"newest"` (newest first). */
  direction?: "newest" | "oldest";
  /** Only messages numbered below this. */
  before?: number;
  /** Only messages numbered above this. */
  after?: number;
  /** Default 25, at most 1000. */
  limit?: number;
}

/** Which message `readMessage` returns relative to the number asked for. */
export type MessageSeek = "exact" | "next" | "previous";

/** A keyset page by ascending id (replies, threads). */
export interface IdPage {
  /** Only rows with an id above this. */
  afterId?: number;
  /** Default 25, at most 1000. */
  limit?: number;
}

/** One area in a caller's new-scan. */
export interface NewScanArea {
  areaId: number;
  tag: string;
  name: string;
  conferenceId: number;
  conferenceName: string;
  /** Messages above the caller's pointer that are not deleted (always > 0 in a new-scan). */
  unread: number;
  /** The first of them, where "read new" starts. */
  firstUnread: number;
  /** The caller's pointer (0 when never set). */
  lastRead: number;
  highWater: number;
}

/** What the main menu shows. */
export interface MenuCounters {
  /** Unread messages over every area the caller may read (as `newScan` counts them). */
  newMessages: number;
  /** Private mail to the caller not yet read and not deleted. */
  unreadMail: number;
}

/** Private mail as a mailbox listing shows it. */
export interface MailHeader {
  id: number;
  /** `null` once the sender's account is deleted. */
  fromUserId: number | null;
  fromHandle: string;
  /** `null` once the recipient's account is deleted. */
  toUserId: number | null;
  toHandle: string;
  subject: string;
  createdAt: Date;
  /** When the recipient first read it. */
  readAt: Date | null;
  replyToId: number | null;
  bodyLength: number;
}

/** Private mail with its body and each side's delete flag. */
export interface Mail extends MailHeader {
  body: string;
  deletedBySender: boolean;
  deletedByRecipient: boolean;
}

/** What `sendMail` needs. */
export interface NewMail {
  fromUserId: number;
  fromHandle: string;
  toUserId: number;
  toHandle: string;
  subject: string;
  body: string;
  replyToId?: number;
}

/** A keyset page of a mailbox, newest first. */
export interface MailPage {
  /** Default `"inbox"` (mail to the caller); `"sent"` is mail from the caller. */
  folder?: "inbox" | "sent";
  /** Only mail with an id below this. */
  beforeId?: number;
  /** Default 25, at most 1000. */
  limit?: number;
}

/** Counters for tests and benches; each read of `store.stats` is a fresh snapshot. */
export interface StoreStats {
  /** Statements sent to the database (BEGIN and COMMIT included). */
  queries: number;
  /** Cached reads answered from the read cache. */
  cacheHits: number;
  /** Cached reads that went to the database and filled the cache. */
  cacheMisses: number;
  /** Cached reads that went to the database because the cache was off (PostgreSQL while its
   * LISTEN connection is down). */
  cacheBypasses: number;
  /** Times entries were dropped because something changed (here or in another process). */
  cacheInvalidations: number;
  /** SQLite only: `PRAGMA data_version` reads, one per cached read (not counted as queries). */
  versionChecks: number;
  /** Entries in the read cache now. */
  cacheEntries: number;
  /** Estimated bytes held by the read cache now. */
  cacheBytes: number;
}
