/**
 * Private mail on PostgreSQL: only the sender and the recipient see a mail; each deletes their
 * own copy.
 *
 * @module
 */

import { encodeBody, resolveMailPage } from "../message_input.ts";
import type { Mail, MailHeader, MailPage, NewMail } from "../message_types.ts";

import { mailUserMissingError } from "../store_errors.ts";
import { type MailRow, toMail, toMailHeader } from "./message_rows.ts";
import type { PostgresConnection } from "./postgres_connection.ts";
import { isForeignKeyViolation } from "./postgres_errors.ts";
import type { PostgresMessageContext } from "./postgres_message_context.ts";
/** Private mail of `PostgresStore`. */
export class PostgresMail {
  #conn: PostgresConnection;
  #compressAbove: number;
  #columns: PostgresMessageContext["columns"];

  constructor(context: PostgresMessageContext) {
    this.#conn = context.conn;
    this.#compressAbove = context.compressAbove;
    this.#columns = context.columns;
  }

  async sendMail(input: NewMail): Promise<MailHeader> {
    const action = `send mail to "${input.toHandle}"`;
    const body = encodeBody(input.body, { compressAbove: this.#compressAbove, action: action });
    try {
      const [row] = await this.#conn.db()<MailHeader[]>`
        INSERT INTO mail (from_user_id, from_handle, to_user_id, to_handle, subject, created_at,
          reply_to_id, compressed, body_length, body)
        VALUES (${input.fromUserId}, ${input.fromHandle}, ${input.toUserId}, ${input.toHandle},
          ${input.subject}, ${new Date()}, ${input.replyToId ?? null}::int, ${body.compressed},
          ${body.length}, ${body.bytes}::bytea)
        RETURNING ${this.#columns.mailHeader}`;
      return toMailHeader(row!);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw mailUserMissingError(action, error);
      throw this.#conn.wrap(error, action);
    }
  }

  async listMail(userId: number, page?: MailPage): Promise<MailHeader[]> {
    const action = `list the mail of user ${userId}`;
    const { sent, beforeId, limit } = resolveMailPage(page, action);
    try {
      const rows = sent
        ? await this.#conn.db()<MailHeader[]>`
          SELECT ${this.#columns.mailHeader} FROM mail
          WHERE from_user_id = ${userId} AND id < ${beforeId} AND NOT deleted_by_sender
          ORDER BY id DESC LIMIT ${limit}`
        : await this.#conn.db()<MailHeader[]>`
          SELECT ${this.#columns.mailHeader} FROM mail
          WHERE to_user_id = ${userId} AND id < ${beforeId} AND NOT deleted_by_recipient
          ORDER BY id DESC LIMIT ${limit}`;
      return rows.map(toMailHeader);
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
  }

  async readMail(userId: number, id: number): Promise<Mail | undefined> {
    try {
      const [row] = await this.#conn.db()<MailRow[]>`
        UPDATE mail SET read_at = CASE WHEN to_user_id = ${userId}
          THEN coalesce(read_at, ${new Date()}) ELSE read_at END
        WHERE id = ${id} AND ((to_user_id = ${userId} AND NOT deleted_by_recipient)
          OR (from_user_id = ${userId} AND NOT deleted_by_sender))
        RETURNING ${this.#columns.mailHeader}, deleted_by_sender AS "deletedBySender",
          deleted_by_recipient AS "deletedByRecipient", compressed, body`;
      return row && toMail(row);
    } catch (error) {
      throw this.#conn.wrap(error, `read mail ${id} for user ${userId}`);
    }
  }

  async deleteMail(userId: number, id: number): Promise<boolean> {
    try {
      const { count } = await this.#conn.db()`
        UPDATE mail
        SET deleted_by_recipient = deleted_by_recipient OR coalesce(to_user_id = ${userId}, false),
          deleted_by_sender = deleted_by_sender OR coalesce(from_user_id = ${userId}, false)
        WHERE id = ${id} AND ((to_user_id = ${userId} AND NOT deleted_by_recipient)
          OR (from_user_id = ${userId} AND NOT deleted_by_sender))`;
      return count > 0;
    } catch (error) {
      throw this.#conn.wrap(error, `delete mail ${id} for user ${userId}`);
    }
  }

  async mailById(id: number): Promise<Mail | undefined> {
    try {
      const [row] = await this.#conn.db()<MailRow[]>`
        SELECT ${this.#columns.mailHeader}, deleted_by_sender AS "deletedBySender",
          deleted_by_recipient AS "deletedByRecipient", compressed, body
        FROM mail WHERE id = ${id}`;
      return row && toMail(row);
    } catch (error) {
      throw this.#conn.wrap(error, `read mail ${id}`);
    }
  }
}
