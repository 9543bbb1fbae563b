/**
 * Conferences and message areas on SQLite (sysop commands, and the cached area list).
 *
 * @module
 */

import { checkArea, checkCallerLevel, estimateRowBytes } from "../message_input.ts";
import type {
  AreaChanges,
  Conference,
  ConferenceChanges,
  DeleteOptions,
  MessageArea,
  NewArea,
  NewConference,
} from "../message_types.ts";
import { ALL_AREAS, freezeRows, type ReadCache } from "../read_cache.ts";
import { missingReferenceError, notEmptyError, tagTakenError } from "../store_errors.ts";
import { MESSAGE_SQL as SQL, toArea, toConference } from "./message_sql.ts";
import type { SqliteConnection } from "./sqlite_connection.ts";
import { isForeignKeyViolation, isUniqueViolation } from "./sqlite_errors.ts";
import type { SqliteMessageContext } from "./sqlite_message_context.ts";

/** Conferences and areas of `SqliteStore`. */
export class SqliteAreas {
  #context: SqliteMessageContext;
  #conn: SqliteConnection;
  #cache: ReadCache;

  constructor(context: SqliteMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
  }

  createConference(input: NewConference): Promise<Conference> {
    return this.#attempt(() => `create conference "${input.name}"`, () => {
      const row = this.#conn.get(
        SQL.insertConference,
        input.name,
        input.description ?? "",
        input.sortOrder ?? 0,
      );
      return toConference(row!);
    });
  }

  listConferences(): Promise<Conference[]> {
    return this.#attempt(() => "list conferences", () => {
      return this.#conn.statement(SQL.listConferences).all().map(toConference);
    });
  }

  updateConference(id: number, changes: ConferenceChanges): Promise<Conference | undefined> {
    return this.#attempt(() => `update conference ${id}`, () => {
      const row = this.#conn.get(
        SQL.updateConference,
        changes.name ?? null,
        changes.description ?? null,
        changes.sortOrder ?? null,
        id,
      );
      if (row !== undefined) this.#cache.invalidate(ALL_AREAS);
      return row && toConference(row);
    });
  }

  deleteConference(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = () => `delete conference ${id}`;
    return this.#attempt(action, () =>
      this.#conn.transaction(() => {
        const force = options.force === true ? 1 : 0;
        const { changes } = this.#conn.statement(SQL.deleteConference).run(id, force);
        if (changes === 0) {
          const areas = Number(this.#conn.get(SQL.conferenceAreas, id)?.n);
          if (areas > 0) throw notEmptyError(action(), `${areas} message areas`);
          return false;
        }
        this.#cache.clear();
        return true;
      }));
  }

  createArea(input: NewArea): Promise<MessageArea> {
    const action = () => `create message area "${input.tag}"`;
    return this.#attempt(action, () => {
      const tag = checkArea(input, action())!;
      let id: number;
      try {
        const row = this.#conn.get(
          SQL.insertArea,
          input.conferenceId,
          tag,
          input.name,
          input.description ?? "",
          input.readLevel ?? 0,
          input.postLevel ?? 0,
          input.allowPipeCodes === true ? 1 : 0,
          input.sortOrder ?? 0,
        );
        id = Number(row!.id);
      } catch (error) {
        throw this.#areaWriteError(error, action(), tag, input.conferenceId);
      }
      this.#cache.invalidate(ALL_AREAS);
      return toArea(this.#conn.get(SQL.areaById, id)!);
    });
  }

  updateArea(id: number, changes: AreaChanges): Promise<MessageArea | undefined> {
    const action = () => `update message area ${id}`;
    return this.#attempt(action, () => {
      const tag = checkArea(changes, action());
      try {
        const { changes: updated } = this.#conn.statement(SQL.updateArea).run(
          changes.conferenceId ?? null,
          tag ?? null,
          changes.name ?? null,
          changes.description ?? null,
          changes.readLevel ?? null,
          changes.postLevel ?? null,
          changes.allowPipeCodes === undefined ? null : changes.allowPipeCodes ? 1 : 0,
          changes.sortOrder ?? null,
          id,
        );
        if (updated === 0) return undefined;
      } catch (error) {
        throw this.#areaWriteError(error, action(), tag ?? "", changes.conferenceId);
      }
      this.#cache.invalidate(id);
      return toArea(this.#conn.get(SQL.areaById, id)!);
    });
  }

  deleteArea(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = () => `delete message area ${id}`;
    return this.#attempt(action, () =>
      this.#conn.transaction(() => {
        const force = options.force === true ? 1 : 0;
        const { changes } = this.#conn.statement(SQL.deleteArea).run(id, force);
        if (changes === 0) {
          const count = this.#conn.get(SQL.areaMessageCount, id)?.n;
          if (count !== undefined) throw notEmptyError(action(), `${count} messages`);
          return false;
        }
        this.#cache.invalidate(id);
        return true;
      }));
  }

  areaByTag(tag: string): Promise<MessageArea | undefined> {
    return this.#attempt(() => `look up message area "${tag}"`, () => {
      const row = this.#conn.get(SQL.areaByTag, tag.toLowerCase());
      return row && toArea(row);
    });
  }

  areaById(id: number): Promise<MessageArea | undefined> {
    return this.#attempt(() => `look up message area ${id}`, () => {
      const row = this.#conn.get(SQL.areaById, id);
      return row && toArea(row);
    });
  }

  listAreas(options: { level: number }): Promise<readonly MessageArea[]> {
    const { level } = options;
    return this.#attempt(() => `list message areas for level ${level}`, () => {
      checkCallerLevel(level, "list message areas");
      return this.#context.cachedRead(`areas:${level}`, ALL_AREAS, () => {
        const areas = this.#conn.statement(SQL.listAreas).all(level).map(toArea);
        const bytes = areas.reduce(
          (sum, area) => sum + estimateRowBytes(area.name, area.description, area.conferenceName),
          0,
        );
        return { value: freezeRows(areas), bytes };
      });
    });
  }

  #attempt<T>(action: () => string, body: () => T): Promise<T> {
    return this.#conn.attempt(action, body);
  }

  #areaWriteError(error: unknown, action: string, tag: string, conferenceId?: number) {
    if (isUniqueViolation(error)) return tagTakenError(action, tag, error);
    if (isForeignKeyViolation(error)) {
      return missingReferenceError(action, `conference ${conferenceId}`, error);
    }
    return error;
  }
}
