/**
 * The SQL of the SQLite message base, one constant per statement (each is prepared once per
 * connection), and the row conversions that go with it.
 *
 * Areas, conferences and the new-scan come back as objects with the field names as aliases.
 * Message and mail rows come back as arrays in the column order below (`setReturnArrays`),
 * which halves the cost of a 25-row listing; `toHeader`/`toMail` name the fields.
 *
 * @module
 */

import type { SQLOutputValue } from "node:sqlite";
import { decodeBody } from "../message_input.ts";
import type {
  Conference,
  Mail,
  MailHeader,
  Message,
  MessageArea,
  MessageHeader,
  NewScanArea,
} from "../message_types.ts";
import type { ArrayRow } from "./statement_cache.ts";

const CONFERENCE_COLUMNS = `id, name, description, sort_order AS "sortOrder"`;

const AREA_COLUMNS = `a.id, a.conference_id AS "conferenceId", c.name AS "conferenceName", a.tag,
  a.name, a.description, a.read_level AS "readLevel", a.post_level AS "postLevel",
  a.allow_pipe_codes AS "allowPipeCodes", a.sort_order AS "sortOrder", a.high_water AS "highWater",
  a.message_count AS "messageCount", a.last_post_at AS "lastPostAt"
  FROM message_areas a JOIN conferences c ON c.id = a.conference_id`;

/** Conference order, then area order: how every area list is shown. */
const DISPLAY_ORDER = "c.sort_order, c.id, a.sort_order, a.id";

/** Columns 0–11 of a message row: the header. */
const HEADER_COLUMNS = `id, area_id, number, from_user_id, from_handle, to_handle, subject,
  created_at, reply_to_id, coalesce(thread_root_id, id), reply_count, body_length`;
/** The header, then 12: compressed, 13: body. */
const MESSAGE_COLUMNS = `${HEADER_COLUMNS}, compressed, body`;

/** Columns 0–9 of a mail row: the header. */
const MAIL_HEADER_COLUMNS = `id, from_user_id, from_handle, to_user_id, to_handle, subject,
  created_at, read_at, reply_to_id, body_length`;
/** The header, then 10: deleted_by_sender, 11: deleted_by_recipient, 12: compressed, 13: body. */
const MAIL_COLUMNS =
  `${MAIL_HEADER_COLUMNS}, deleted_by_sender, deleted_by_recipient, compressed, body`;

/**
 * A caller's pointer in every area their level (?2) may read that has messages above it, clamped
 * to the high-water mark; ?1 is the user. Then the unread count: high-water minus pointer minus
 * the deleted messages above the pointer (the small messages_deleted index). MATERIALIZED so the
 * count runs once per area, not once per reference.
 */
const UNREAD_AREAS = `pointers AS (
    SELECT a.id, a.high_water, min(coalesce(r.number, 0), a.high_water) AS pointer
    FROM message_areas a LEFT JOIN last_read r ON r.user_id = ?1 AND r.area_id = a.id
    WHERE a.read_level <= ?2 AND a.high_water > coalesce(r.number, 0)
  ), unread AS MATERIALIZED (
    SELECT p.id, p.pointer, p.high_water, p.high_water - p.pointer - (
      SELECT count(*) FROM messages d
      WHERE d.area_id = p.id AND d.number > p.pointer AND d.deleted_at IS NOT NULL
    ) AS unread
    FROM pointers p
  )`;

/** Every statement of the message base. */
export const MESSAGE_SQL = {
  insertConference: `INSERT INTO conferences (name, description, sort_order) VALUES (?, ?, ?)
    RETURNING ${CONFERENCE_COLUMNS}`,
  listConferences: `SELECT ${CONFERENCE_COLUMNS} FROM conferences ORDER BY sort_order, id`,
  updateConference: `UPDATE conferences SET name = coalesce(?, name),
    description = coalesce(?, description), sort_order = coalesce(?, sort_order)
    WHERE id = ? RETURNING ${CONFERENCE_COLUMNS}`,
  deleteConference: `DELETE FROM conferences WHERE id = ?1
    AND (?2 OR NOT EXISTS (SELECT 1 FROM message_areas WHERE conference_id = ?1))`,
  conferenceAreas: "SELECT count(*) AS n FROM message_areas WHERE conference_id = ?",

  insertArea: `INSERT INTO message_areas
    (conference_id, tag, name, description, read_level, post_level, allow_pipe_codes, sort_order)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  updateArea: `UPDATE message_areas SET conference_id = coalesce(?, conference_id),
    tag = coalesce(?, tag), name = coalesce(?, name), description = coalesce(?, description),
    read_level = coalesce(?, read_level), post_level = coalesce(?, post_level),
    allow_pipe_codes = coalesce(?, allow_pipe_codes), sort_order = coalesce(?, sort_order)
    WHERE id = ?`,
  deleteArea: "DELETE FROM message_areas WHERE id = ?1 AND (?2 OR message_count = 0)",
  areaMessageCount: "SELECT message_count AS n FROM message_areas WHERE id = ?",
  areaById: `SELECT ${AREA_COLUMNS} WHERE a.id = ?`,
  areaByTag: `SELECT ${AREA_COLUMNS} WHERE a.tag = ?`,
  listAreas: `SELECT ${AREA_COLUMNS} WHERE a.read_level <= ? ORDER BY ${DISPLAY_ORDER}`,

  /** ?1 area, ?2 how many messages, ?3 the newest created_at among them. */
  takeNumbers: `UPDATE message_areas SET high_water = high_water + ?2,
    message_count = message_count + ?2, last_post_at = max(coalesce(last_post_at, ?3), ?3)
    WHERE id = ?1 RETURNING high_water`,
  addReply: `UPDATE messages SET reply_count = reply_count + 1
    WHERE id = ? AND area_id = ? AND deleted_at IS NULL RETURNING coalesce(thread_root_id, id)`,
  insertMessage: `INSERT INTO messages (area_id, number, from_user_id, from_handle, to_handle,
    subject, created_at, reply_to_id, thread_root_id, reply_count, compressed, body_length, body)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${HEADER_COLUMNS}`,
  /** The id AUTOINCREMENT would hand out next, minus one (it takes the larger of the two). */
  lastMessageId: `SELECT max(
    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0),
    coalesce((SELECT max(id) FROM messages), 0)) AS id`,

  listNewest: `SELECT ${HEADER_COLUMNS} FROM messages
    WHERE area_id = ? AND number < ? AND deleted_at IS NULL ORDER BY number DESC LIMIT ?`,
  listOldest: `SELECT ${HEADER_COLUMNS} FROM messages
    WHERE area_id = ? AND number > ? AND deleted_at IS NULL ORDER BY number LIMIT ?`,
  readExact: `SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE area_id = ? AND number = ? AND deleted_at IS NULL`,
  readNext: `SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE area_id = ? AND number > ? AND deleted_at IS NULL ORDER BY number LIMIT 1`,
  readPrevious: `SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE area_id = ? AND number < ? AND deleted_at IS NULL ORDER BY number DESC LIMIT 1`,
  messageById: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ? AND deleted_at IS NULL`,
  replies: `SELECT ${HEADER_COLUMNS} FROM messages
    WHERE reply_to_id = ? AND id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?`,
  /** The root (which has no thread_root_id) and every message naming it as root. */
  thread: `SELECT ${HEADER_COLUMNS} FROM messages
      WHERE thread_root_id = ?1 AND id > ?2 AND deleted_at IS NULL
    UNION ALL
    SELECT ${HEADER_COLUMNS} FROM messages
      WHERE id = ?1 AND id > ?2 AND thread_root_id IS NULL AND deleted_at IS NULL
    ORDER BY 1 LIMIT ?3`,

  softDelete: `UPDATE messages SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL
    RETURNING area_id, reply_to_id`,
  uncount: "UPDATE message_areas SET message_count = message_count - 1 WHERE id = ?",
  removeReply: "UPDATE messages SET reply_count = reply_count - 1 WHERE id = ? AND reply_count > 0",

  setLastRead: `INSERT INTO last_read (user_id, area_id, number) VALUES (?, ?, ?)
    ON CONFLICT (user_id, area_id) DO UPDATE SET number = excluded.number`,
  lastRead: "SELECT number FROM last_read WHERE user_id = ? AND area_id = ?",
  // "WHERE true" keeps SQLite from reading ON CONFLICT as a join constraint of the SELECT.
  markAllRead: `INSERT INTO last_read (user_id, area_id, number)
    SELECT ?1, id, high_water FROM message_areas WHERE read_level <= ?2 AND true
    ON CONFLICT (user_id, area_id) DO UPDATE SET number = excluded.number`,
  newScan: `WITH ${UNREAD_AREAS}
    SELECT a.id AS "areaId", a.tag, a.name, a.conference_id AS "conferenceId",
      c.name AS "conferenceName", u.unread, (
        SELECT m.number FROM messages m
        WHERE m.area_id = u.id AND m.number > u.pointer AND m.deleted_at IS NULL
        ORDER BY m.number LIMIT 1
      ) AS "firstUnread", u.pointer AS "lastRead", u.high_water AS "highWater"
    FROM unread u JOIN message_areas a ON a.id = u.id JOIN conferences c ON c.id = a.conference_id
    WHERE u.unread > 0 ORDER BY ${DISPLAY_ORDER}`,
  menuCounters: `WITH ${UNREAD_AREAS}
    SELECT (SELECT coalesce(sum(unread), 0) FROM unread) AS "newMessages", (
      SELECT count(*) FROM mail
      WHERE to_user_id = ?1 AND read_at IS NULL AND deleted_by_recipient = 0
    ) AS "unreadMail"`,

  sendMail: `INSERT INTO mail (from_user_id, from_handle, to_user_id, to_handle, subject,
    created_at, reply_to_id, compressed, body_length, body)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${MAIL_HEADER_COLUMNS}`,
  inbox: `SELECT ${MAIL_HEADER_COLUMNS} FROM mail
    WHERE to_user_id = ? AND id < ? AND deleted_by_recipient = 0 ORDER BY id DESC LIMIT ?`,
  sent: `SELECT ${MAIL_HEADER_COLUMNS} FROM mail
    WHERE from_user_id = ? AND id < ? AND deleted_by_sender = 0 ORDER BY id DESC LIMIT ?`,
  /** ?1 the caller, ?2 the mail, ?3 now: read by the recipient marks it read. */
  readMail: `UPDATE mail
    SET read_at = CASE WHEN to_user_id = ?1 THEN coalesce(read_at, ?3) ELSE read_at END
    WHERE id = ?2 AND ((to_user_id = ?1 AND deleted_by_recipient = 0)
      OR (from_user_id = ?1 AND deleted_by_sender = 0))
    RETURNING ${MAIL_COLUMNS}`,
  deleteMail: `UPDATE mail SET deleted_by_recipient = max(deleted_by_recipient, to_user_id IS ?1),
    deleted_by_sender = max(deleted_by_sender, from_user_id IS ?1)
    WHERE id = ?2 AND ((to_user_id = ?1 AND deleted_by_recipient = 0)
      OR (from_user_id = ?1 AND deleted_by_sender = 0))`,
  mailById: `SELECT ${MAIL_COLUMNS} FROM mail WHERE id = ?`,
} as const;

/** Messages per INSERT of an import: fewer statements to step, same rows. */
export const IMPORT_ROWS = 32;

const IMPORT_COLUMNS = `INSERT INTO messages (id, area_id, number, from_user_id, from_handle,
  to_handle, subject, created_at, reply_to_id, thread_root_id, reply_count, compressed,
  body_length, body) VALUES `;
const IMPORT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

/** An INSERT of `rows` messages with their ids given (14 values a row). */
export function importSql(rows: 1 | typeof IMPORT_ROWS): string {
  return IMPORT_COLUMNS + Array(rows).fill(IMPORT_ROW).join(", ");
}

/** A `conferences` row as a plain object (node:sqlite's rows have a null prototype). */
export function toConference(row: Record<string, SQLOutputValue>): Conference {
  const { id, name, description, sortOrder } = row as unknown as Conference;
  return { id, name, description, sortOrder };
}

/** A `message_areas` row as SQLite returns it: booleans as 0/1, times as epoch milliseconds. */
export function toArea(row: Record<string, SQLOutputValue>): MessageArea {
  const area = row as unknown as Omit<MessageArea, "allowPipeCodes" | "lastPostAt"> & {
    allowPipeCodes: number;
    lastPostAt: number | null;
  };
  return {
    id: area.id,
    conferenceId: area.conferenceId,
    conferenceName: area.conferenceName,
    tag: area.tag,
    name: area.name,
    description: area.description,
    readLevel: area.readLevel,
    postLevel: area.postLevel,
    allowPipeCodes: area.allowPipeCodes === 1,
    sortOrder: area.sortOrder,
    highWater: area.highWater,
    messageCount: area.messageCount,
    lastPostAt: area.lastPostAt === null ? null : new Date(area.lastPostAt),
  };
}

/** A new-scan row as a plain object. */
export function toNewScanArea(row: Record<string, SQLOutputValue>): NewScanArea {
  const area = row as unknown as NewScanArea;
  return {
    areaId: area.areaId,
    tag: area.tag,
    name: area.name,
    conferenceId: area.conferenceId,
    conferenceName: area.conferenceName,
    unread: area.unread,
    firstUnread: area.firstUnread,
    lastRead: area.lastRead,
    highWater: area.highWater,
  };
}

/** Columns 0–11 of a message row. */
export function toHeader(row: ArrayRow): MessageHeader {
  return {
    id: row[0] as number,
    areaId: row[1] as number,
    number: row[2] as number,
    fromUserId: row[3] as number | null,
    fromHandle: row[4] as string,
    toHandle: row[5] as string | null,
    subject: row[6] as string,
    createdAt: new Date(row[7] as number),
    replyToId: row[8] as number | null,
    threadRootId: row[9] as number,
    replyCount: row[10] as number,
    bodyLength: row[11] as number,
  };
}

/** Columns 0–9 of a mail row. */
export function toMailHeader(row: ArrayRow): MailHeader {
  return {
    id: row[0] as number,
    fromUserId: row[1] as number | null,
    fromHandle: row[2] as string,
    toUserId: row[3] as number | null,
    toHandle: row[4] as string,
    subject: row[5] as string,
    createdAt: new Date(row[6] as number),
    readAt: row[7] === null ? null : new Date(row[7] as number),
    replyToId: row[8] as number | null,
    bodyLength: row[9] as number,
  };
}

/** A message row (columns 0–13) with its body decoded. */
export function toMessage(row: ArrayRow): Message {
  const header = toHeader(row);
  const stored = {
    bytes: row[13] as Uint8Array,
    compressed: row[12] === 1,
    length: header.bodyLength,
  };
  return { ...header, body: decodeBody(stored, `message ${header.id}`) };
}

/** A mail row (columns 0–13) with its body decoded. */
export function toMail(row: ArrayRow): Mail {
  const header = toMailHeader(row);
  return {
    ...header,
    body: decodeBody(
      { bytes: row[13] as Uint8Array, compressed: row[12] === 1, length: header.bodyLength },
      `mail ${header.id}`,
    ),
    deletedBySender: row[10] === 1,
    deletedByRecipient: row[11] === 1,
  };
}
