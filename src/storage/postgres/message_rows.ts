/**
 * Column lists and row conversions of the PostgreSQL message base. The SELECTs alias columns to
 * the row types' field names and postgres.js already maps the types (int4 → number, boolean,
 * timestamptz → Date, bytea → Uint8Array); the conversions copy rows into plain objects of
 * exactly the row type's fields (a statement may add a `notified` column) and decode bodies.
 *
 * @module
 */

import { decodeBody } from "../message_input.ts";
import type { Mail, MailHeader, Message, MessageArea, MessageHeader } from "../message_types.ts";

/** Conference columns aliased to `Conference` fields. */
export const CONFERENCE_COLUMNS = `id, name, description, sort_order AS "sortOrder"`;

/** An area row joined to its conference; `a` may be the table or a CTE of its rows. */
export const AREA_COLUMNS =
  `a.id, a.conference_id AS "conferenceId", c.name AS "conferenceName", a.tag,
  a.name, a.description, a.read_level AS "readLevel", a.post_level AS "postLevel",
  a.allow_pipe_codes AS "allowPipeCodes", a.sort_order AS "sortOrder", a.high_water AS "highWater",
  a.message_count AS "messageCount", a.last_post_at AS "lastPostAt"`;

/** Conference order, then area order: how every area list is shown. */
export const DISPLAY_ORDER = "c.sort_order, c.id, a.sort_order, a.id";

/** Message header columns aliased to `MessageHeader` fields. */
export const HEADER_COLUMNS = `id, area_id AS "areaId", number, from_user_id AS "fromUserId",
  from_handle AS "fromHandle", to_handle AS "toHandle", subject, created_at AS "createdAt",
  reply_to_id AS "replyToId", coalesce(thread_root_id, id) AS "threadRootId",
  reply_count AS "replyCount", body_length AS "bodyLength"`;

/** Mail header columns aliased to `MailHeader` fields. */
export const MAIL_HEADER_COLUMNS = `id, from_user_id AS "fromUserId", from_handle AS "fromHandle",
  to_user_id AS "toUserId", to_handle AS "toHandle", subject, created_at AS "createdAt",
  read_at AS "readAt", reply_to_id AS "replyToId", body_length AS "bodyLength"`;

/** A message row with its stored body. */
export type MessageRow = MessageHeader & { compressed: boolean; body: Uint8Array };
/** A mail row with its stored body and delete flags. */
export type MailRow = MailHeader & {
  compressed: boolean;
  body: Uint8Array;
  deletedBySender: boolean;
  deletedByRecipient: boolean;
};

/** An area row without the extra columns a statement may add (`notified`). */
export function toArea(row: MessageArea): MessageArea {
  return {
    id: row.id,
    conferenceId: row.conferenceId,
    conferenceName: row.conferenceName,
    tag: row.tag,
    name: row.name,
    description: row.description,
    readLevel: row.readLevel,
    postLevel: row.postLevel,
    allowPipeCodes: row.allowPipeCodes,
    sortOrder: row.sortOrder,
    highWater: row.highWater,
    messageCount: row.messageCount,
    lastPostAt: row.lastPostAt,
  };
}

/** A plain header from a postgres.js row (which may carry more columns). */
export function toHeader(row: MessageHeader): MessageHeader {
  return {
    id: row.id,
    areaId: row.areaId,
    number: row.number,
    fromUserId: row.fromUserId,
    fromHandle: row.fromHandle,
    toHandle: row.toHandle,
    subject: row.subject,
    createdAt: row.createdAt,
    replyToId: row.replyToId,
    threadRootId: row.threadRootId,
    replyCount: row.replyCount,
    bodyLength: row.bodyLength,
  };
}

/** A message with its body decoded. */
export function toMessage(row: MessageRow): Message {
  const stored = { bytes: row.body, compressed: row.compressed, length: row.bodyLength };
  const body = decodeBody(stored, `message ${row.id}`);
  return { ...toHeader(row), body };
}

/** A plain mail header from a postgres.js row. */
export function toMailHeader(row: MailHeader): MailHeader {
  return {
    id: row.id,
    fromUserId: row.fromUserId,
    fromHandle: row.fromHandle,
    toUserId: row.toUserId,
    toHandle: row.toHandle,
    subject: row.subject,
    createdAt: row.createdAt,
    readAt: row.readAt,
    replyToId: row.replyToId,
    bodyLength: row.bodyLength,
  };
}

/** Mail with its body decoded. */
export function toMail(row: MailRow): Mail {
  return {
    ...toMailHeader(row),
    body: decodeBody(
      { bytes: row.body, compressed: row.compressed, length: row.bodyLength },
      `mail ${row.id}`,
    ),
    deletedBySender: row.deletedBySender,
    deletedByRecipient: row.deletedByRecipient,
  };
}
