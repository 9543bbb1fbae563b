/**
 * Messages and new-scan pointers on SQLite.
 *
 * Durability: a post is one BEGIN IMMEDIATE … COMMIT. In WAL mode with synchronous=NORMAL the
 * COMMIT has written the transaction to the WAL file (the OS holds it) before `postMessage`
 * settles, so a process crash or SIGKILL right after "saved" loses nothing; a power cut or
 * kernel crash may lose the last transactions (synchronous=FULL would fsync every commit).
 *
 * @module
 */

import type { SQLInputValue } from "node:sqlite";
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
import {
  IMPORT_ROWS,
  importSql,
  MESSAGE_SQL as SQL,
  toHeader,
  toMessage,
  toNewScanArea,
} from "./message_sql.ts";
import type { SqliteConnection } from "./sqlite_connection.ts";
import { isForeignKeyViolation } from "./sqlite_errors.ts";
import type { SqliteMessageContext } from "./sqlite_message_context.ts";

/** Messages and new-scan of `SqliteStore`. */
export class SqliteMessages {
  #context: SqliteMessageContext;
  #conn: SqliteConnection;
  #cache: ReadCache;
  #compressAbove: number;

  constructor(context: SqliteMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
    this.#compressAbove = context.compressAbove;
  }

  postMessage(input: NewMessage): Promise<MessageHeader> {
    const action = () => `post in message area ${input.areaId}`;
    return this.#attempt(action, () => {
      const body = encodeBody(input.body, { compressAbove: this.#compressAbove, action: action() });
      const createdAt = (input.createdAt ?? new Date()).getTime();
      const header = this.#postTransaction(action, () => {
        const area = this.#conn.arrays(SQL.takeNumbers).get(input.areaId, 1, createdAt);
        if (area === undefined) throw areaMissingError(action(), input.areaId);
        let threadRootId: SQLInputValue = null;
        if (input.replyToId !== undefined) {
          const parent = this.#conn.arrays(SQL.addReply).get(input.replyToId, input.areaId);
          if (parent === undefined) throw replyTargetError(action(), input.replyToId);
          threadRootId = parent[0]!;
        }
        const row = this.#conn.arrays(SQL.insertMessage).get(
          input.areaId,
          area[0] as number,
          input.fromUserId,
          input.fromHandle,
          input.toHandle ?? null,
          input.subject,
          createdAt,
          input.replyToId ?? null,
          threadRootId,
          0,
          body.compressed ? 1 : 0,
          body.length,
          body.bytes,
        );
        return toHeader(row!);
      });
      // A reply changes its parent's reply count, which any page may show.
      if (input.replyToId === undefined) this.#cache.invalidateAppend(input.areaId);
      else this.#cache.invalidate(input.areaId);
      return header;
    });
  }

  importMessages(areaId: number, messages: readonly ImportedMessage[]): Promise<ImportResult> {
    const action = () => `import ${messages.length} messages into message area ${areaId}`;
    return this.#attempt(action, () => {
      const { roots, replyCounts } = threadImport(messages, action());
      // Compress outside the transaction: other processes wait for the write lock, not for LZ4.
      const bodies = messages.map((message) =>
        encodeBody(message.body, { compressAbove: this.#compressAbove, action: action() })
      );
      if (messages.length === 0) return { count: 0, firstNumber: 0, lastNumber: 0 };
      const newest = messages.reduce((max, m) => Math.max(max, m.createdAt.getTime()), -Infinity);
      const result = this.#postTransaction(action, () => {
        const area = this.#conn.arrays(SQL.takeNumbers).get(areaId, messages.length, newest);
        if (area === undefined) throw areaMissingError(action(), areaId);
        const first = (area[0] as number) - messages.length + 1;
        // Ids given up front (the write lock is ours until COMMIT), so a reply can name a parent
        // inserted by the same statement, and rows go in IMPORT_ROWS to a statement.
        const firstId = Number(this.#conn.get(SQL.lastMessageId)!.id) + 1;
        const values: SQLInputValue[] = [];
        const insert = (rows: 1 | typeof IMPORT_ROWS, params: SQLInputValue[]) =>
          this.#conn.statement(importSql(rows)).run(...params);
        for (let i = 0; i < messages.length; i++) {
          const message = messages[i]!;
          const body = bodies[i]!;
          const root = roots[i]!;
          values.push(
            firstId + i,
            areaId,
            first + i,
            message.fromUserId ?? null,
            message.fromHandle,
            message.toHandle ?? null,
            message.subject,
            message.createdAt.getTime(),
            message.replyTo === undefined ? null : firstId + message.replyTo,
            root === i ? null : firstId + root,
            replyCounts[i]!,
            body.compressed ? 1 : 0,
            body.length,
            body.bytes,
          );
          if (values.length === IMPORT_ROWS * 14) {
            insert(IMPORT_ROWS, values);
            values.length = 0;
          }
        }
        // The tail, one row at a time: one more cached statement rather than one per length.
        for (let at = 0; at < values.length; at += 14) insert(1, values.slice(at, at + 14));
        return {
          count: messages.length,
          firstNumber: first,
          lastNumber: first + messages.length - 1,
        };
      });
      // Replies in a batch point within it: every change is a new message at the end.
      this.#cache.invalidateAppend(areaId);
      return result;
    });
  }

  listMessages(areaId: number, page?: MessagePage): Promise<readonly MessageHeader[]> {
    const action = () => `list message area ${areaId}`;
    return this.#attempt(action, () => {
      const { ascending, bound, limit, reverse, key } = resolveMessagePage(page, action());
      return this.#context.cachedRead(`list:${areaId}:${key}`, areaId, () => {
        const rows = this.#conn.arrays(ascending ? SQL.listOldest : SQL.listNewest)
          .all(areaId, bound, limit);
        const headers = rows.map(toHeader);
        if (reverse) headers.reverse();
        return { value: freezeRows(headers), bytes: headersBytes(headers) };
      }, { keepOnAppend: page?.before !== undefined });
    });
  }

  readMessage(areaId: number, number: number, seek: MessageSeek = "exact"): Promise<
    Message | undefined
  > {
    const action = () => `read message ${number} in message area ${areaId}`;
    return this.#attempt(action, () => {
      const sql = seek === "next"
        ? SQL.readNext
        : seek === "previous"
        ? SQL.readPrevious
        : SQL.readExact;
      const row = this.#conn.arrays(sql).get(areaId, number);
      return row && toMessage(row);
    });
  }

  messageById(id: number): Promise<Message | undefined> {
    return this.#attempt(() => `read message ${id}`, () => {
      const row = this.#conn.arrays(SQL.messageById).get(id);
      return row && toMessage(row);
    });
  }

  replies(messageId: number, page?: IdPage): Promise<MessageHeader[]> {
    const action = () => `list the replies to message ${messageId}`;
    return this.#attempt(action, () => {
      const { afterId, limit } = resolveIdPage(page, action());
      return this.#conn.arrays(SQL.replies).all(messageId, afterId, limit).map(toHeader);
    });
  }

  listThread(rootId: number, page?: IdPage): Promise<MessageHeader[]> {
    const action = () => `list the thread of message ${rootId}`;
    return this.#attempt(action, () => {
      const { afterId, limit } = resolveIdPage(page, action());
      return this.#conn.arrays(SQL.thread).all(rootId, afterId, limit).map(toHeader);
    });
  }

  deleteMessage(id: number): Promise<boolean> {
    return this.#attempt(() => `delete message ${id}`, () => {
      const areaId = this.#conn.transaction(() => {
        const gone = this.#conn.arrays(SQL.softDelete).get(Date.now(), id);
        if (gone === undefined) return undefined;
        this.#conn.statement(SQL.uncount).run(gone[0]!);
        if (gone[1] !== null) this.#conn.statement(SQL.removeReply).run(gone[1]!);
        return gone[0] as number;
      });
      if (areaId === undefined) return false;
      this.#cache.invalidate(areaId);
      return true;
    });
  }

  setLastRead(userId: number, areaId: number, number: number): Promise<void> {
    const action = () => `set the last-read pointer of user ${userId} in message area ${areaId}`;
    return this.#attempt(action, () => {
      checkPointer(number, action());
      try {
        this.#conn.statement(SQL.setLastRead).run(userId, areaId, number);
      } catch (error) {
        if (isForeignKeyViolation(error)) {
          throw missingReferenceError(action(), "the user or the area", error);
        }
        throw error;
      }
    });
  }

  lastRead(userId: number, areaId: number): Promise<number> {
    return this.#attempt(() => `read the last-read pointer of user ${userId}`, () => {
      const row = this.#conn.get(SQL.lastRead, userId, areaId);
      return row === undefined ? 0 : Number(row.number);
    });
  }

  markAllRead(userId: number, level: number): Promise<void> {
    const action = () => `mark every message area read for user ${userId}`;
    return this.#attempt(action, () => {
      checkCallerLevel(level, action());
      try {
        this.#conn.statement(SQL.markAllRead).run(userId, level);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw missingReferenceError(action(), "the user", error);
        throw error;
      }
    });
  }

  newScan(userId: number, level: number): Promise<NewScanArea[]> {
    return this.#attempt(() => `scan for new messages for user ${userId}`, () => {
      checkCallerLevel(level, "scan for new messages");
      return this.#conn.statement(SQL.newScan).all(userId, level).map(toNewScanArea);
    });
  }

  menuCounters(userId: number, level: number): Promise<MenuCounters> {
    return this.#attempt(() => `count new messages for user ${userId}`, () => {
      checkCallerLevel(level, "count new messages");
      const row = this.#conn.get(SQL.menuCounters, userId, level)!;
      return { newMessages: Number(row.newMessages), unreadMail: Number(row.unreadMail) };
    });
  }

  #attempt<T>(action: () => string, body: () => T): Promise<T> {
    return this.#conn.attempt(action, body);
  }

  /** `transaction`, with a missing poster account reported as such. */
  #postTransaction<T>(action: () => string, body: () => T): T {
    try {
      return this.#conn.transaction(body);
    } catch (error) {
      if (isForeignKeyViolation(error)) {
        throw missingReferenceError(action(), "the poster's account", error);
      }
      throw error;
    }
  }
}
