/**
 * Conferences and message areas on PostgreSQL (sysop commands, and the cached area list). Each
 * write is one statement that NOTIFYs other daemons as it commits.
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
import { toArea } from "./message_rows.ts";
import type { PostgresConnection } from "./postgres_connection.ts";
import { isForeignKeyViolation, isUniqueViolation } from "./postgres_errors.ts";
import type { PostgresMessageContext } from "./postgres_message_context.ts";
/** Conferences and areas of `PostgresStore`. */
export class PostgresAreas {
  #context: PostgresMessageContext;
  #conn: PostgresConnection;
  #cache: ReadCache;
  #columns: PostgresMessageContext["columns"];

  constructor(context: PostgresMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
    this.#columns = context.columns;
  }

  async createConference(input: NewConference): Promise<Conference> {
    try {
      const [row] = await this.#conn.db()<Conference[]>`
        INSERT INTO conferences (name, description, sort_order)
        VALUES (${input.name}, ${input.description ?? ""}, ${input.sortOrder ?? 0})
        RETURNING ${this.#columns.conference}`;
      return { ...row! };
    } catch (error) {
      throw this.#conn.wrap(error, `create conference "${input.name}"`);
    }
  }

  async listConferences(): Promise<Conference[]> {
    try {
      const rows = await this.#conn.db()<Conference[]>`
        SELECT ${this.#columns.conference} FROM conferences ORDER BY sort_order, id`;
      return Array.from(rows);
    } catch (error) {
      throw this.#conn.wrap(error, "list conferences");
    }
  }

  async updateConference(id: number, changes: ConferenceChanges): Promise<Conference | undefined> {
    let row: Conference | undefined;
    try {
      [row] = await this.#conn.db()<Conference[]>`
        WITH changed AS (
          UPDATE conferences SET name = coalesce(${changes.name ?? null}::text, name),
            description = coalesce(${changes.description ?? null}::text, description),
            sort_order = coalesce(${changes.sortOrder ?? null}::int, sort_order)
          WHERE id = ${id} RETURNING *
        ), notified AS (${this.#context.notifyChange(ALL_AREAS, "changed")})
        SELECT ${this.#columns.conference}, (SELECT count(*) FROM notified) AS notified FROM changed`;
    } catch (error) {
      throw this.#conn.wrap(error, `update conference ${id}`);
    }
    if (row === undefined) return undefined;
    this.#cache.invalidate(ALL_AREAS);
    return { id: row.id, name: row.name, description: row.description, sortOrder: row.sortOrder };
  }

  async deleteConference(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = `delete conference ${id}`;
    let row: { deleted: number; areas: number } | undefined;
    try {
      // The area count comes from the snapshot before the DELETE: what refused it.
      [row] = await this.#conn.db()<{ deleted: number; areas: number }[]>`
        WITH gone AS (
          DELETE FROM conferences WHERE id = ${id} AND (${options.force === true}
            OR NOT EXISTS (SELECT 1 FROM message_areas WHERE conference_id = ${id}))
          RETURNING id
        ), notified AS (${this.#context.notifyChange("*", "gone")})
        SELECT (SELECT count(*)::int FROM gone) AS deleted,
          (SELECT count(*)::int FROM message_areas WHERE conference_id = ${id}) AS areas,
          (SELECT count(*) FROM notified) AS notified`;
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
    if (row!.deleted === 0) {
      if (row!.areas > 0) throw notEmptyError(action, `${row!.areas} message areas`);
      return false;
    }
    this.#cache.clear();
    return true;
  }

  async createArea(input: NewArea): Promise<MessageArea> {
    const action = `create message area "${input.tag}"`;
    const tag = checkArea(input, action)!;
    let row: MessageArea | undefined;
    try {
      [row] = await this.#conn.db()<MessageArea[]>`
        WITH a AS (
          INSERT INTO message_areas (conference_id, tag, name, description, read_level,
            post_level, allow_pipe_codes, sort_order)
          VALUES (${input.conferenceId}, ${tag}, ${input.name}, ${input.description ?? ""},
            ${input.readLevel ?? 0}, ${input.postLevel ?? 0}, ${input.allowPipeCodes === true},
            ${input.sortOrder ?? 0})
          RETURNING *
        ), notified AS (${this.#context.notifyChange(ALL_AREAS, "a")})
        SELECT ${this.#columns.area}, (SELECT count(*) FROM notified) AS notified
        FROM a JOIN conferences c ON c.id = a.conference_id`;
    } catch (error) {
      throw this.#areaWriteError(error, action, tag, input.conferenceId);
    }
    this.#cache.invalidate(ALL_AREAS);
    return toArea(row!);
  }

  async updateArea(id: number, changes: AreaChanges): Promise<MessageArea | undefined> {
    const action = `update message area ${id}`;
    const tag = checkArea(changes, action);
    let row: MessageArea | undefined;
    try {
      [row] = await this.#conn.db()<MessageArea[]>`
        WITH a AS (
          UPDATE message_areas SET
            conference_id = coalesce(${changes.conferenceId ?? null}::int, conference_id),
            tag = coalesce(${tag ?? null}::text, tag),
            name = coalesce(${changes.name ?? null}::text, name),
            description = coalesce(${changes.description ?? null}::text, description),
            read_level = coalesce(${changes.readLevel ?? null}::smallint, read_level),
            post_level = coalesce(${changes.postLevel ?? null}::smallint, post_level),
            allow_pipe_codes = coalesce(${changes.allowPipeCodes ?? null}::boolean,
              allow_pipe_codes),
            sort_order = coalesce(${changes.sortOrder ?? null}::int, sort_order)
          WHERE id = ${id} RETURNING *
        ), notified AS (${this.#context.notifyChange(id, "a")})
        SELECT ${this.#columns.area}, (SELECT count(*) FROM notified) AS notified
        FROM a JOIN conferences c ON c.id = a.conference_id`;
    } catch (error) {
      throw this.#areaWriteError(error, action, tag ?? "", changes.conferenceId);
    }
    if (row === undefined) return undefined;
    this.#cache.invalidate(id);
    return toArea(row);
  }

  async deleteArea(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = `delete message area ${id}`;
    let row: { deleted: number; count: number | null } | undefined;
    try {
      // message_count comes from the snapshot before the DELETE: what refused it.
      [row] = await this.#conn.db()<{ deleted: number; count: number | null }[]>`
        WITH gone AS (
          DELETE FROM message_areas
          WHERE id = ${id} AND (${options.force === true} OR message_count = 0)
          RETURNING id
        ), notified AS (${this.#context.notifyChange(id, "gone")})
        SELECT (SELECT count(*)::int FROM gone) AS deleted,
          (SELECT message_count FROM message_areas WHERE id = ${id}) AS count,
          (SELECT count(*) FROM notified) AS notified`;
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
    if (row!.deleted === 0) {
      if (row!.count !== null) throw notEmptyError(action, `${row!.count} messages`);
      return false;
    }
    this.#cache.invalidate(id);
    return true;
  }

  async areaByTag(tag: string): Promise<MessageArea | undefined> {
    try {
      const [row] = await this.#conn.db()<MessageArea[]>`
        SELECT ${this.#columns.area} FROM message_areas a JOIN conferences c ON c.id = a.conference_id
        WHERE a.tag = ${tag.toLowerCase()}`;
      return row && toArea(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up message area "${tag}"`);
    }
  }

  async areaById(id: number): Promise<MessageArea | undefined> {
    try {
      const [row] = await this.#conn.db()<MessageArea[]>`
        SELECT ${this.#columns.area} FROM message_areas a JOIN conferences c ON c.id = a.conference_id
        WHERE a.id = ${id}`;
      return row && toArea(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up message area ${id}`);
    }
  }

  async listAreas(options: { level: number }): Promise<readonly MessageArea[]> {
    const { level } = options;
    checkCallerLevel(level, "list message areas");
    return await this.#context.cachedRead(`areas:${level}`, ALL_AREAS, async () => {
      let rows: MessageArea[];
      try {
        rows = await this.#conn.db()<MessageArea[]>`
          SELECT ${this.#columns.area} FROM message_areas a JOIN conferences c ON c.id = a.conference_id
          WHERE a.read_level <= ${level} ORDER BY ${this.#columns.display}`;
      } catch (error) {
        throw this.#conn.wrap(error, `list message areas for level ${level}`);
      }
      const areas = freezeRows(rows.map(toArea));
      const bytes = areas.reduce(
        (sum, area) => sum + estimateRowBytes(area.name, area.description, area.conferenceName),
        0,
      );
      return { value: areas, bytes };
    });
  }

  #areaWriteError(error: unknown, action: string, tag: string, conferenceId?: number) {
    if (isUniqueViolation(error)) return tagTakenError(action, tag, error);
    if (isForeignKeyViolation(error)) {
      return missingReferenceError(action, `conference ${conferenceId}`, error);
    }
    return this.#conn.wrap(error, action);
  }
}
