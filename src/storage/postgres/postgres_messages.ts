/**
 * Messages and new-scan pointers on PostgreSQL.
 *
 * Round trips dominate here (≈ 300–450 µs each on loopback), so every operation a caller waits
 * for is one statement: a post takes the area's number, bumps its counters, counts the reply on
 * the parent, inserts and NOTIFYs in one statement with data-modifying CTEs, which PostgreSQL
 * runs as one transaction. When `postMessage` settles the server has committed it (with the
 * default synchronous_commit=on, flushed to its WAL). Only `importMessages` uses an explicit
 * transaction.
 *
 * @module
 */

import type postgres from "postgres";
import { Buffer } from "node:buffer";
import {
  checkCallerLevel,
  checkPointer,
  encodeBody,
  headersBytes,
  resolveIdPage,
  resolveMessagePage,
  threadImport,
} from "../message_input.ts";
import type {
  IdPage,
  ImportedMessage,
  ImportResult,
  MenuCounters,
  Message,
  MessageHeader,
  MessagePage,
  MessageSeek,
  NewMessage,
  NewScanArea,
} from "../message_types.ts";
import { freezeRows, type ReadCache } from "../read_cache.ts";
import { areaMissingError, missingReferenceError, replyTargetError } from "../store_errors.ts";
import { type MessageRow, toHeader, toMessage } from "./message_rows.ts";
import type { PostgresConnection } from "./postgres_connection.ts";
import { isForeignKeyViolation } from "./postgres_errors.ts";
import type { PostgresMessageContext } from "./postgres_message_context.ts";

/** Messages per INSERT of an import (one JSON document each)… */
const IMPORT_CHUNK = 5000;
/**
 * …and at most this many characters of JSON per INSERT (a body goes base64, up to 1.4 MB):
 * far below V8's longest string and, at most 3 UTF-8 bytes a character, PostgreSQL's 1 GB
 * parameter.
 */
const IMPORT_CHUNK_CHARS = 32 * 1024 * 1024;
/** Messages and new-scan of `PostgresStore`. */
export class PostgresMessages {
  #context: PostgresMessageContext;
  #conn: PostgresConnection;
  #cache: ReadCache;
  #compressAbove: number;
  #columns: PostgresMessageContext["columns"];

  constructor(context: PostgresMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
    this.#compressAbove = context.compressAbove;
    this.#columns = context.columns;
  }

  async postMessage(input: NewMessage): Promise<MessageHeader> {
    const action = `post in message area ${input.areaId}`;
    const body = encodeBody(input.body, { compressAbove: this.#compressAbove, action: action });
    const createdAt = input.createdAt ?? new Date();
    const replyTo = input.replyToId ?? null;
    let row: MessageHeader | undefined;
    try {
      // One statement, so one round trip and one transaction. The area row's lock serialises
      // numbering; the area is only bumped when the parent (if any) is there to reply to.
      // A parent deleted between this statement's snapshot and its lock still gets the reply
      // (its count skips it); harmless, and a reply to a deleted message is possible anyway.
      [row] = await this.#conn.db()<MessageHeader[]>`
        WITH area AS (
          UPDATE message_areas SET high_water = high_water + 1,
            message_count = message_count + 1,
            last_post_at = greatest(last_post_at, ${createdAt}::timestamptz)
          WHERE id = ${input.areaId} AND (${replyTo}::int IS NULL OR EXISTS (
            SELECT 1 FROM messages
            WHERE id = ${replyTo}::int AND area_id = ${input.areaId} AND deleted_at IS NULL))
          RETURNING id, high_water
        ), parent AS (
          UPDATE messages SET reply_count = reply_count + 1
          WHERE id = ${replyTo}::int AND area_id = (SELECT id FROM area) AND deleted_at IS NULL
          RETURNING coalesce(thread_root_id, id) AS root
        ), inserted AS (
          INSERT INTO messages (area_id, number, from_user_id, from_handle, to_handle, subject,
            created_at, reply_to_id, thread_root_id, compressed, body_length, body)
          SELECT area.id, area.high_water, ${input.fromUserId}::int, ${input.fromHandle},
            ${input.toHandle ?? null}::text, ${input.subject}, ${createdAt}::timestamptz,
            ${replyTo}::int, (SELECT root FROM parent), ${body.compressed}, ${body.length},
            ${body.bytes}::bytea
          FROM area
          RETURNING ${this.#columns.header}
        ), notified AS (${
        this.#context.notifyChange(input.areaId, "area", { append: replyTo === null })
      })
        SELECT inserted.*, (SELECT count(*) FROM notified) AS notified FROM inserted`;
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw missingReferenceError(action, "the poster's account", error);
      }
      throw this.#conn.wrap(error, action);
    }
    if (row === undefined) {
      // Nothing changed; say why (a second query, on the failure path only).
      if (await this.#areaMissing(input.areaId)) {
        throw areaMissingError(action, input.areaId);
      }
      throw replyTargetError(action, replyTo!);
    }
    // A reply changes its parent's reply count, which any page may show.
    if (replyTo === null) this.#cache.invalidateAppend(input.areaId);
    else this.#cache.invalidate(input.areaId);
    return toHeader(row);
  }

  async importMessages(
    areaId: number,
    messages: readonly ImportedMessage[],
  ): Promise<ImportResult> {
    const action = `import ${messages.length} messages into message area ${areaId}`;
    const { roots, replyCounts } = threadImport(messages, action);
    if (messages.length === 0) return { count: 0, firstNumber: 0, lastNumber: 0 };
    const newest = new Date(
      messages.reduce((max, m) => Math.max(max, m.createdAt.getTime()), -Infinity),
    );
    // Encode before the transaction: other writers wait for the area's lock, not for LZ4.
    const bodies = messages.map((m) =>
      encodeBody(m.body, { compressAbove: this.#compressAbove, action: action })
    );
    let first: number;
    try {
      first = await this.#conn.db().begin(async (tx) => {
        this.#conn.count(2); // COMMIT, and the UPDATE below
        const [area] = await tx<{ first: number }[]>`
          UPDATE message_areas SET high_water = high_water + ${messages.length},
            message_count = message_count + ${messages.length},
            last_post_at = greatest(last_post_at, ${newest}::timestamptz)
          WHERE id = ${areaId} RETURNING high_water - ${messages.length} + 1 AS first`;
        if (area === undefined) throw areaMissingError(action, areaId);
        // Ids up front, so replies inside the batch can name their parent and root.
        this.#conn.count();
        const reserved = await tx<{ id: number }[]>`
          SELECT nextval(pg_get_serial_sequence('messages', 'id'))::int AS id
          FROM generate_series(1, ${messages.length})`;
        const ids = reserved.map((row) => row.id);
        const insert = async (rows: string[]) => {
          this.#conn.count();
          await tx`
            INSERT INTO messages (id, area_id, number, from_user_id, from_handle, to_handle,
              subject, created_at, reply_to_id, thread_root_id, reply_count, compressed,
              body_length, body)
            SELECT r.id, ${areaId}, r.number, r.from_user_id, r.from_handle, r.to_handle,
              r.subject, r.created_at, r.reply_to_id, r.thread_root_id, r.reply_count,
              r.compressed, r.body_length, decode(r.body, 'base64')
            -- ::text first: a parameter typed json would be JSON-encoded again by postgres.js.
            FROM json_to_recordset(${`[${rows.join(",")}]`}::text::json) AS r(id int,
              number int, from_user_id int, from_handle text, to_handle text, subject text,
              created_at timestamptz, reply_to_id int, thread_root_id int, reply_count int,
              compressed boolean, body_length int, body text)`;
        };
        let rows: string[] = [];
        let chars = 0;
        for (let i = 0; i < messages.length; i++) {
          const message = messages[i]!;
          const body = bodies[i]!;
          const row = JSON.stringify({
            id: ids[i],
            number: area.first + i,
            from_user_id: message.fromUserId ?? null,
            from_handle: message.fromHandle,
            to_handle: message.toHandle ?? null,
            subject: message.subject,
            created_at: message.createdAt.toISOString(),
            reply_to_id: message.replyTo === undefined ? null : ids[message.replyTo],
            thread_root_id: roots[i] === i ? null : ids[roots[i]!],
            reply_count: replyCounts[i],
            compressed: body.compressed,
            body_length: body.length,
            body: Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.length)
              .toString("base64"),
          });
          if (
            rows.length === IMPORT_CHUNK ||
            (rows.length > 0 && chars + row.length > IMPORT_CHUNK_CHARS)
          ) {
            await insert(rows);
            rows = [];
            chars = 0;
          }
          rows.push(row);
          chars += row.length + 1;
        }
        await insert(rows);
        this.#conn.count();
        const payload = this.#context.changePayload(areaId, { append: true });
        await tx`SELECT pg_notify(${this.#context.channel}, ${payload})`;
        return area.first;
      });
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw missingReferenceError(action, "a poster's account", error);
      }
      throw this.#conn.wrap(error, action);
    }
    // Replies in a batch point within it: every change is a new message at the end.
    this.#cache.invalidateAppend(areaId);
    return { count: messages.length, firstNumber: first, lastNumber: first + messages.length - 1 };
  }

  async listMessages(areaId: number, page?: MessagePage): Promise<readonly MessageHeader[]> {
    const action = `list message area ${areaId}`;
    const { ascending, bound, limit, reverse, key } = resolveMessagePage(page, action);
    return await this.#context.cachedRead(`list:${areaId}:${key}`, areaId, async () => {
      let rows: MessageHeader[];
      try {
        rows = ascending
          ? await this.#conn.db()<MessageHeader[]>`
            SELECT ${this.#columns.header} FROM messages
            WHERE area_id = ${areaId} AND number > ${bound} AND deleted_at IS NULL
            ORDER BY number LIMIT ${limit}`
          : await this.#conn.db()<MessageHeader[]>`
            SELECT ${this.#columns.header} FROM messages
            WHERE area_id = ${areaId} AND number < ${bound} AND deleted_at IS NULL
            ORDER BY number DESC LIMIT ${limit}`;
      } catch (error) {
        throw this.#conn.wrap(error, action);
      }
      const headers = rows.map(toHeader);
      if (reverse) headers.reverse();
      const frozen = freezeRows(headers);
      return { value: frozen, bytes: headersBytes(frozen) };
    }, { keepOnAppend: page?.before !== undefined });
  }

  async readMessage(areaId: number, number: number, seek: MessageSeek = "exact"): Promise<
    Message | undefined
  > {
    const db = this.#conn.db();
    let rows: MessageRow[];
    try {
      const columns = this.#columns.header;
      if (seek === "next") {
        rows = await db<MessageRow[]>`
          SELECT ${columns}, compressed, body FROM messages
          WHERE area_id = ${areaId} AND number > ${number} AND deleted_at IS NULL
          ORDER BY number LIMIT 1`;
      } else if (seek === "previous") {
        rows = await db<MessageRow[]>`
          SELECT ${columns}, compressed, body FROM messages
          WHERE area_id = ${areaId} AND number < ${number} AND deleted_at IS NULL
          ORDER BY number DESC LIMIT 1`;
      } else {
        rows = await db<MessageRow[]>`
          SELECT ${columns}, compressed, body FROM messages
          WHERE area_id = ${areaId} AND number = ${number} AND deleted_at IS NULL`;
      }
    } catch (error) {
      throw this.#conn.wrap(error, `read message ${number} in message area ${areaId}`);
    }
    return rows[0] && toMessage(rows[0]);
  }

  async messageById(id: number): Promise<Message | undefined> {
    try {
      const [row] = await this.#conn.db()<MessageRow[]>`
        SELECT ${this.#columns.header}, compressed, body FROM messages
        WHERE id = ${id} AND deleted_at IS NULL`;
      return row && toMessage(row);
    } catch (error) {
      throw this.#conn.wrap(error, `read message ${id}`);
    }
  }

  async replies(messageId: number, page?: IdPage): Promise<MessageHeader[]> {
    const action = `list the replies to message ${messageId}`;
    const { afterId, limit } = resolveIdPage(page, action);
    try {
      const rows = await this.#conn.db()<MessageHeader[]>`
        SELECT ${this.#columns.header} FROM messages
        WHERE reply_to_id = ${messageId} AND id > ${afterId} AND deleted_at IS NULL
        ORDER BY id LIMIT ${limit}`;
      return rows.map(toHeader);
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
  }

  async listThread(rootId: number, page?: IdPage): Promise<MessageHeader[]> {
    const action = `list the thread of message ${rootId}`;
    const { afterId, limit } = resolveIdPage(page, action);
    try {
      // The root (which has no thread_root_id) and every message naming it as root.
      const rows = await this.#conn.db()<MessageHeader[]>`
        (SELECT ${this.#columns.header} FROM messages
          WHERE thread_root_id = ${rootId} AND id > ${afterId} AND deleted_at IS NULL)
        UNION ALL
        (SELECT ${this.#columns.header} FROM messages
          WHERE id = ${rootId} AND id > ${afterId} AND thread_root_id IS NULL
            AND deleted_at IS NULL)
        ORDER BY id LIMIT ${limit}`;
      return rows.map(toHeader);
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
  }

  async deleteMessage(id: number): Promise<boolean> {
    let row: { areaId: number } | undefined;
    try {
      [row] = await this.#conn.db()<{ areaId: number }[]>`
        WITH gone AS (
          UPDATE messages SET deleted_at = ${new Date()}
          WHERE id = ${id} AND deleted_at IS NULL
          RETURNING area_id, reply_to_id
        ), area AS (
          UPDATE message_areas a SET message_count = a.message_count - 1
          FROM gone WHERE a.id = gone.area_id RETURNING a.id
        ), parent AS (
          UPDATE messages p SET reply_count = p.reply_count - 1
          FROM gone WHERE p.id = gone.reply_to_id AND p.reply_count > 0 RETURNING p.id
        ), notified AS (${this.#context.notifyChange({ column: "area_id" }, "gone")})
        SELECT area_id AS "areaId", (SELECT count(*) FROM area) AS areas,
          (SELECT count(*) FROM parent) AS parents, (SELECT count(*) FROM notified) AS notified
        FROM gone`;
    } catch (error) {
      throw this.#conn.wrap(error, `delete message ${id}`);
    }
    if (row === undefined) return false;
    this.#cache.invalidate(row.areaId);
    return true;
  }

  async setLastRead(userId: number, areaId: number, number: number): Promise<void> {
    const action = `set the last-read pointer of user ${userId} in message area ${areaId}`;
    checkPointer(number, action);
    try {
      await this.#conn.db()`
        INSERT INTO last_read (user_id, area_id, number) VALUES (${userId}, ${areaId}, ${number})
        ON CONFLICT (user_id, area_id) DO UPDATE SET number = excluded.number`;
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw missingReferenceError(action, "the user or the area", error);
      }
      throw this.#conn.wrap(error, action);
    }
  }

  async lastRead(userId: number, areaId: number): Promise<number> {
    try {
      const [row] = await this.#conn.db()<{ number: number }[]>`
        SELECT number FROM last_read WHERE user_id = ${userId} AND area_id = ${areaId}`;
      return row?.number ?? 0;
    } catch (error) {
      throw this.#conn.wrap(error, `read the last-read pointer of user ${userId}`);
    }
  }

  async markAllRead(userId: number, level: number): Promise<void> {
    const action = `mark every message area read for user ${userId}`;
    checkCallerLevel(level, action);
    try {
      await this.#conn.db()`
        INSERT INTO last_read (user_id, area_id, number)
        SELECT ${userId}, id, high_water FROM message_areas WHERE read_level <= ${level}
        ON CONFLICT (user_id, area_id) DO UPDATE SET number = excluded.number`;
    } catch (error) {
      if (isForeignKeyViolation(error)) throw missingReferenceError(action, "the user", error);
      throw this.#conn.wrap(error, action);
    }
  }

  async newScan(userId: number, level: number): Promise<NewScanArea[]> {
    checkCallerLevel(level, "scan for new messages");
    try {
      const rows = await this.#conn.db()<NewScanArea[]>`
        WITH ${this.#unreadAreas(userId, level)}
        SELECT a.id AS "areaId", a.tag, a.name, a.conference_id AS "conferenceId",
          c.name AS "conferenceName", u.unread, (
            SELECT m.number FROM messages m
            WHERE m.area_id = u.id AND m.number > u.pointer AND m.deleted_at IS NULL
            ORDER BY m.number LIMIT 1
          ) AS "firstUnread", u.pointer AS "lastRead", u.high_water AS "highWater"
        FROM unread u JOIN message_areas a ON a.id = u.id
          JOIN conferences c ON c.id = a.conference_id
        WHERE u.unread > 0 ORDER BY ${this.#columns.display}`;
      return Array.from(rows);
    } catch (error) {
      throw this.#conn.wrap(error, `scan for new messages for user ${userId}`);
    }
  }

  async menuCounters(userId: number, level: number): Promise<MenuCounters> {
    checkCallerLevel(level, "count new messages");
    try {
      const [row] = await this.#conn.db()<MenuCounters[]>`
        WITH ${this.#unreadAreas(userId, level)}
        SELECT (SELECT coalesce(sum(unread), 0)::int FROM unread) AS "newMessages", (
          SELECT count(*)::int FROM mail
          WHERE to_user_id = ${userId} AND read_at IS NULL AND NOT deleted_by_recipient
        ) AS "unreadMail"`;
      return { newMessages: row!.newMessages, unreadMail: row!.unreadMail };
    } catch (error) {
      throw this.#conn.wrap(error, `count new messages for user ${userId}`);
    }
  }

  /**
   * The CTEs `pointers` (the caller's pointer in every area their level may read that has
   * messages above it, clamped to the high-water mark) and `unread` (high-water minus pointer
   * minus the deleted messages above the pointer, counted in the small messages_deleted index).
   */
  #unreadAreas(userId: number, level: number): postgres.PendingQuery<postgres.Row[]> {
    return this.#context.sql`pointers AS (
        SELECT a.id, a.high_water, least(coalesce(r.number, 0), a.high_water) AS pointer
        FROM message_areas a LEFT JOIN last_read r ON r.user_id = ${userId} AND r.area_id = a.id
        WHERE a.read_level <= ${level} AND a.high_water > coalesce(r.number, 0)
      ), unread AS (
        SELECT p.id, p.pointer, p.high_water, p.high_water - p.pointer - (
          SELECT count(*)::int FROM messages d
          WHERE d.area_id = p.id AND d.number > p.pointer AND d.deleted_at IS NOT NULL
        ) AS unread
        FROM pointers p
      )`;
  }

  async #areaMissing(areaId: number): Promise<boolean> {
    try {
      const [row] = await this.#conn.db()`SELECT 1 FROM message_areas WHERE id = ${areaId}`;
      return row === undefined;
    } catch (error) {
      throw this.#conn.wrap(error, `look up message area ${areaId}`);
    }
  }
}
