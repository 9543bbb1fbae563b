/**
 * Private mail on SQLite: only the sender and the recipient see a mail; each deletes their own
 * copy.
 *
 * @module
 */

import { encodeBody, resolveMailPage } from "../message_input.ts";
import type { Mail, MailHeader, MailPage, NewMail } from "../message_types.ts";

import { mailUserMissingError } from "../store_errors.ts";
import { MESSAGE_SQL as SQL, toMail, toMailHeader } from "./message_sql.ts";
import type { SqliteConnection } from "./sqlite_connection.ts";
import { isForeignKeyViolation } from "./sqlite_errors.ts";
import type { SqliteMessageContext } from "./sqlite_message_context.ts";

/** Private mail of `SqliteStore`. */
export class SqliteMail {
  #conn: SqliteConnection;
  #compressAbove: number;

  constructor(context: SqliteMessageContext) {
    this.#conn = context.conn;
    this.#compressAbove = context.compressAbove;
  }

  sendMail(input: NewMail): Promise<MailHeader> {
    const action = () => `send mail to "${input.toHandle}"`;
    return this.#attempt(action, () => {
      const body = encodeBody(input.body, { compressAbove: this.#compressAbove, action: action() });
      try {
        const row = this.#conn.arrays(SQL.sendMail).get(
          input.fromUserId,
          input.fromHandle,
          input.toUserId,
          input.toHandle,
          input.subject,
          Date.now(),
          input.replyToId ?? null,
          body.compressed ? 1 : 0,
          body.length,
          body.bytes,
        );
        return toMailHeader(row!);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw mailUserMissingError(action(), error);
        throw error;
      }
    });
  }

  listMail(userId: number, page?: MailPage): Promise<MailHeader[]> {
    const action = () => `list the mail of user ${userId}`;
    return this.#attempt(action, () => {
      const { sent, beforeId, limit } = resolveMailPage(page, action());
      return this.#conn.arrays(sent ? SQL.sent : SQL.inbox).all(userId, beforeId, limit)
        .map(toMailHeader);
    });
  }

  readMail(userId: number, id: number): Promise<Mail | undefined> {
    return this.#attempt(() => `read mail ${id} for user ${userId}`, () => {
      const row = this.#conn.arrays(SQL.readMail).get(userId, id, Date.now());
      return row && toMail(row);
    });
  }

  deleteMail(userId: number, id: number): Promise<boolean> {
    return this.#attempt(() => `delete mail ${id} for user ${userId}`, () => {
      return this.#conn.statement(SQL.deleteMail).run(userId, id).changes > 0;
    });
  }

  mailById(id: number): Promise<Mail | undefined> {
    return this.#attempt(() => `read mail ${id}`, () => {
      const row = this.#conn.arrays(SQL.mailById).get(id);
      return row && toMail(row);
    });
  }

  #attempt<T>(action: () => string, body: () => T): Promise<T> {
    return this.#conn.attempt(action, body);
  }
}
