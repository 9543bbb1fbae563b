/**
 * File areas on PostgreSQL. As in the message base, every operation a caller waits for is one
 * statement: adding a file bumps its area's counters, inserts the row, upserts the uploader's
 * counters and NOTIFYs other daemons in one statement with data-modifying CTEs (one
 * transaction, one round trip).
 *
 * @module
 */

import type postgres from "postgres";
import {
  checkFileArea,
  checkHash,
  checkHashes,
  checkNewFile,
  FILE_AREAS_SCOPE,
  fileNameKey,
  nextSearchPage,
  resolveFilePage,
  resolveSearch,
} from "../file_input.ts";
import type {
  FileAccess,
  FileArea,
  FileAreaChanges,
  FileEntry,
  FilePage,
  FileSearch,
  FileSearchResult,
  FoundFile,
  NewFile,
  NewFileArea,
  SearchPage,
  TransferStats,
} from "../file_types.ts";
import { checkCallerLevel, estimateRowBytes } from "../message_input.ts";
import type { DeleteOptions } from "../message_types.ts";
import { freezeRows, type ReadCache } from "../read_cache.ts";
import {
  fileAreaMissingError,
  fileNameTakenError,
  missingReferenceError,
  notEmptyError,
  tagTakenError,
  userNotFoundError,
} from "../store_errors.ts";
import {
  FILE_AREA_COLUMNS,
  FILE_COLUMNS,
  FOUND_COLUMNS,
  toFileArea,
  toFileEntry,
  toFoundFile,
} from "./file_rows.ts";
import type { PostgresConnection } from "./postgres_connection.ts";
import { isForeignKeyViolation, isUniqueViolation } from "./postgres_errors.ts";
import type { PostgresMessageContext } from "./postgres_message_context.ts";

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** A search row: the scan's floor and size, then a match (all NULL when there is none). */
type SearchRow = FoundFile & { floor: number; scanned: number };

/** File areas of `PostgresStore`. */
export class PostgresFiles {
  #context: PostgresMessageContext;
  #conn: PostgresConnection;
  #cache: ReadCache;
  #columns: { area: Fragment; file: Fragment; found: Fragment };

  constructor(context: PostgresMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
    this.#columns = {
      area: context.sql.unsafe(FILE_AREA_COLUMNS),
      file: context.sql.unsafe(FILE_COLUMNS),
      found: context.sql.unsafe(FOUND_COLUMNS),
    };
  }

  async createFileArea(input: NewFileArea): Promise<FileArea> {
    const action = `create file area "${input.tag}"`;
    const tag = checkFileArea(input, action)!;
    let row: FileArea | undefined;
    try {
      [row] = await this.#conn.db()<FileArea[]>`
        WITH a AS (
          INSERT INTO file_areas (tag, name, description, download_level, upload_level,
            max_file_bytes, sort_order)
          VALUES (${tag}, ${input.name}, ${input.description ?? ""}, ${input.downloadLevel ?? 0},
            ${input.uploadLevel ?? 0}, ${input.maxFileBytes ?? 0}::bigint, ${input.sortOrder ?? 0})
          RETURNING *
        ), notified AS (${this.#notify("a")})
        SELECT ${this.#columns.area}, (SELECT count(*) FROM notified) AS notified FROM a`;
    } catch (error) {
      throw isUniqueViolation(error)
        ? tagTakenError(action, tag, error)
        : this.#conn.wrap(error, action);
    }
    this.#cache.invalidate(FILE_AREAS_SCOPE);
    return toFileArea(row!);
  }

  async listFileAreas(
    options: { level: number; access?: FileAccess },
  ): Promise<readonly FileArea[]> {
    const { level, access = "download" } = options;
    checkCallerLevel(level, "list file areas");
    return await this.#context.cachedRead(
      `fileareas:${access}:${level}`,
      FILE_AREAS_SCOPE,
      async () => {
        let rows: FileArea[];
        try {
          rows = access === "upload"
            ? await this.#conn.db()<FileArea[]>`
              SELECT ${this.#columns.area} FROM file_areas WHERE upload_level <= ${level}
              ORDER BY sort_order, id`
            : await this.#conn.db()<FileArea[]>`
              SELECT ${this.#columns.area} FROM file_areas WHERE download_level <= ${level}
              ORDER BY sort_order, id`;
        } catch (error) {
          throw this.#conn.wrap(error, `list file areas for level ${level}`);
        }
        const areas = freezeRows(rows.map(toFileArea));
        const bytes = areas.reduce((sum, a) => sum + estimateRowBytes(a.name, a.description), 0);
        return { value: areas, bytes };
      },
    );
  }

  async updateFileArea(id: number, changes: FileAreaChanges): Promise<FileArea | undefined> {
    const action = `update file area ${id}`;
    const tag = checkFileArea(changes, action);
    let row: FileArea | undefined;
    try {
      [row] = await this.#conn.db()<FileArea[]>`
        WITH a AS (
          UPDATE file_areas SET tag = coalesce(${tag ?? null}::text, tag),
            name = coalesce(${changes.name ?? null}::text, name),
            description = coalesce(${changes.description ?? null}::text, description),
            download_level = coalesce(${changes.downloadLevel ?? null}::smallint, download_level),
            upload_level = coalesce(${changes.uploadLevel ?? null}::smallint, upload_level),
            max_file_bytes = coalesce(${changes.maxFileBytes ?? null}::bigint, max_file_bytes),
            sort_order = coalesce(${changes.sortOrder ?? null}::int, sort_order)
          WHERE id = ${id} RETURNING *
        ), notified AS (${this.#notify("a")})
        SELECT ${this.#columns.area}, (SELECT count(*) FROM notified) AS notified FROM a`;
    } catch (error) {
      throw isUniqueViolation(error)
        ? tagTakenError(action, tag ?? "", error)
        : this.#conn.wrap(error, action);
    }
    if (row === undefined) return undefined;
    this.#cache.invalidate(FILE_AREAS_SCOPE);
    return toFileArea(row);
  }

  async deleteFileArea(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = `delete file area ${id}`;
    let row: { deleted: number; count: number | null } | undefined;
    try {
      // file_count comes from the snapshot before the DELETE: what refused it.
      [row] = await this.#conn.db()<{ deleted: number; count: number | null }[]>`
        WITH gone AS (
          DELETE FROM file_areas WHERE id = ${id} AND (${options.force === true} OR file_count = 0)
          RETURNING id
        ), notified AS (${this.#notify("gone")})
        SELECT (SELECT count(*)::int FROM gone) AS deleted,
          (SELECT file_count FROM file_areas WHERE id = ${id}) AS count,
          (SELECT count(*) FROM notified) AS notified`;
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
    if (row!.deleted === 0) {
      if (row!.count !== null) throw notEmptyError(action, `${row!.count} files`);
      return false;
    }
    this.#cache.invalidate(FILE_AREAS_SCOPE);
    return true;
  }

  async fileAreaByTag(tag: string): Promise<FileArea | undefined> {
    try {
      const [row] = await this.#conn.db()<FileArea[]>`
        SELECT ${this.#columns.area} FROM file_areas WHERE tag = ${tag.toLowerCase()}`;
      return row && toFileArea(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up file area "${tag}"`);
    }
  }

  async fileAreaById(id: number): Promise<FileArea | undefined> {
    try {
      const [row] = await this.#conn.db()<FileArea[]>`
        SELECT ${this.#columns.area} FROM file_areas WHERE id = ${id}`;
      return row && toFileArea(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up file area ${id}`);
    }
  }

  async addFile(input: NewFile): Promise<FileEntry> {
    const action = `add "${input.name}" to file area ${input.areaId}`;
    const nameKey = checkNewFile(input, action);
    const description = input.description ?? "";
    let row: FileEntry | undefined;
    try {
      [row] = await this.#conn.db()<FileEntry[]>`
        WITH area AS (
          UPDATE file_areas SET file_count = file_count + 1,
            total_bytes = total_bytes + ${input.size}::bigint
          WHERE id = ${input.areaId} RETURNING id
        ), f AS (
          INSERT INTO files (area_id, name, name_key, size, hash, description, description_key,
            uploader_id, uploader_handle, uploaded_at)
          SELECT area.id, ${input.name}, ${nameKey}, ${input.size}::bigint, ${input.hash},
            ${description}, ${fileNameKey(description)}, ${input.uploaderId}::int,
            ${input.uploaderHandle}, ${input.uploadedAt ?? new Date()}::timestamptz
          FROM area
          RETURNING *
        ), counted AS (
          INSERT INTO user_transfers (user_id, uploads, upload_bytes)
          SELECT uploader_id, 1, size FROM f WHERE uploader_id IS NOT NULL
          ON CONFLICT (user_id) DO UPDATE SET uploads = user_transfers.uploads + 1,
            upload_bytes = user_transfers.upload_bytes + excluded.upload_bytes
          RETURNING user_id
        ), notified AS (${this.#notify("f")})
        SELECT ${this.#columns.file}, (SELECT count(*) FROM counted) AS counted,
          (SELECT count(*) FROM notified) AS notified
        FROM f`;
    } catch (error) {
      if (isUniqueViolation(error)) throw fileNameTakenError(action, input.name, error);
      if (isForeignKeyViolation(error)) {
        throw missingReferenceError(action, "the uploader's account", error);
      }
      throw this.#conn.wrap(error, action);
    }
    // Nothing inserted: the area's UPDATE found no row.
    if (row === undefined) throw fileAreaMissingError(action, input.areaId);
    this.#cache.invalidate(FILE_AREAS_SCOPE);
    return toFileEntry(row);
  }

  async fileByHash(hash: string): Promise<FoundFile | undefined> {
    const action = `look up the file with hash ${hash}`;
    checkHash(hash, action);
    try {
      const [row] = await this.#conn.db()<FoundFile[]>`
        SELECT ${this.#columns.found} FROM files f JOIN file_areas a ON a.id = f.area_id
        WHERE f.hash = ${hash} ORDER BY f.id LIMIT 1`;
      return row && toFoundFile(row);
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
  }

  async hashesInUse(hashes: readonly string[]): Promise<Set<string>> {
    const action = `look up ${hashes.length} hashes`;
    checkHashes(hashes, action);
    if (hashes.length === 0) return new Set();
    try {
      // One text parameter split server-side: hex digests hold no commas, and this needs no
      // array type (the pool runs with fetch_types off).
      const rows = await this.#conn.db()<{ hash: string }[]>`
        SELECT DISTINCT hash FROM files
        WHERE hash = ANY (string_to_array(${hashes.join(",")}::text, ','))`;
      return new Set(rows.map((row) => row.hash));
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
  }

  async listFiles(areaId: number, page?: FilePage): Promise<FileEntry[]> {
    const action = `list file area ${areaId}`;
    const { byName, first, afterKey, beforeTime, beforeId, limit } = resolveFilePage(page, action);
    const db = this.#conn.db();
    const columns = this.#columns.file;
    let rows: FileEntry[];
    try {
      if (byName) {
        rows = await db<FileEntry[]>`
          SELECT ${columns} FROM files f WHERE area_id = ${areaId} AND name_key > ${afterKey}
          ORDER BY name_key LIMIT ${limit}`;
      } else if (first) {
        rows = await db<FileEntry[]>`
          SELECT ${columns} FROM files f WHERE area_id = ${areaId}
          ORDER BY uploaded_at DESC, id DESC LIMIT ${limit}`;
      } else {
        rows = await db<FileEntry[]>`
          SELECT ${columns} FROM files f WHERE area_id = ${areaId}
            AND (uploaded_at, id) < (${new Date(beforeTime)}::timestamptz, ${beforeId}::int)
          ORDER BY uploaded_at DESC, id DESC LIMIT ${limit}`;
      }
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
    return rows.map(toFileEntry);
  }

  async fileByName(areaId: number, name: string): Promise<FileEntry | undefined> {
    try {
      const [row] = await this.#conn.db()<FileEntry[]>`
        SELECT ${this.#columns.file} FROM files f
        WHERE area_id = ${areaId} AND name_key = ${fileNameKey(name)}`;
      return row && toFileEntry(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up "${name}" in file area ${areaId}`);
    }
  }

  async fileById(id: number): Promise<FileEntry | undefined> {
    try {
      const [row] = await this.#conn.db()<FileEntry[]>`
        SELECT ${this.#columns.file} FROM files f WHERE id = ${id}`;
      return row && toFileEntry(row);
    } catch (error) {
      throw this.#conn.wrap(error, `look up file ${id}`);
    }
  }

  async searchFiles(search: FileSearch, page?: SearchPage): Promise<FileSearchResult> {
    const action = "search the file areas";
    const resolved = resolveSearch(search, page, action);
    const { beforeId, level, nameLike, textLike, limit, scan } = resolved;
    let rows: SearchRow[];
    try {
      // `scanned` takes the next `scan` ids down the primary key, and matches are looked for
      // only among them (f.id >= floor): bounded whatever matches. Always one row at least.
      // LIKE's default escape character is the backslash resolveSearch escapes with.
      rows = await this.#conn.db()<SearchRow[]>`
        WITH scanned AS (
          SELECT id FROM files WHERE id < ${beforeId}::bigint ORDER BY id DESC LIMIT ${scan}
        ), bounds AS MATERIALIZED (
          SELECT coalesce(min(id), 0) AS floor, count(*)::int AS scanned FROM scanned
        )
        SELECT b.floor, b.scanned, m.* FROM bounds b LEFT JOIN (
          SELECT ${this.#columns.found} FROM files f JOIN file_areas a ON a.id = f.area_id
          WHERE f.id < ${beforeId}::bigint AND f.id >= (SELECT floor FROM bounds)
            AND a.download_level <= ${level}
            AND (${nameLike}::text IS NULL OR f.name_key LIKE ${nameLike}::text)
            AND (${textLike}::text IS NULL OR f.description_key LIKE ${textLike}::text)
          ORDER BY f.id DESC LIMIT ${limit}
        ) m ON true ORDER BY m.id DESC`;
    } catch (error) {
      throw this.#conn.wrap(error, action);
    }
    const files = rows.filter((row) => row.id !== null).map(toFoundFile);
    const next = nextSearchPage(resolved, {
      lastId: files.at(-1)?.id,
      count: files.length,
      floor: rows[0]!.floor,
      scanned: rows[0]!.scanned,
    });
    return { files, next };
  }

  async recordDownload(fileId: number, userId: number): Promise<boolean> {
    const action = `record a download of file ${fileId} by user ${userId}`;
    let row: { files: number } | undefined;
    try {
      [row] = await this.#conn.db()<{ files: number }[]>`
        WITH f AS (
          UPDATE files SET downloads = downloads + 1 WHERE id = ${fileId} RETURNING size
        ), u AS (
          INSERT INTO user_transfers (user_id, downloads, download_bytes)
          SELECT ${userId}::int, 1, size FROM f
          ON CONFLICT (user_id) DO UPDATE SET downloads = user_transfers.downloads + 1,
            download_bytes = user_transfers.download_bytes + excluded.download_bytes
          RETURNING user_id
        )
        SELECT (SELECT count(*)::int FROM f) AS files, (SELECT count(*) FROM u) AS users`;
    } catch (error) {
      if (isForeignKeyViolation(error)) throw userNotFoundError(action, userId);
      throw this.#conn.wrap(error, action);
    }
    return row!.files > 0;
  }

  async deleteFile(id: number): Promise<FileEntry | undefined> {
    let row: FileEntry | undefined;
    try {
      [row] = await this.#conn.db()<FileEntry[]>`
        WITH f AS (
          DELETE FROM files WHERE id = ${id} RETURNING *
        ), area AS (
          UPDATE file_areas a SET file_count = a.file_count - 1,
            total_bytes = a.total_bytes - f.size
          FROM f WHERE a.id = f.area_id RETURNING a.id
        ), notified AS (${this.#notify("f")})
        SELECT ${this.#columns.file}, (SELECT count(*) FROM area) AS areas,
          (SELECT count(*) FROM notified) AS notified
        FROM f`;
    } catch (error) {
      throw this.#conn.wrap(error, `delete file ${id}`);
    }
    if (row === undefined) return undefined;
    this.#cache.invalidate(FILE_AREAS_SCOPE);
    return toFileEntry(row);
  }

  async userTransferStats(userId: number): Promise<TransferStats> {
    try {
      const [row] = await this.#conn.db()<TransferStats[]>`
        SELECT uploads, downloads, upload_bytes::float8 AS "uploadBytes",
          download_bytes::float8 AS "downloadBytes"
        FROM user_transfers WHERE user_id = ${userId}`;
      return {
        uploads: row?.uploads ?? 0,
        downloads: row?.downloads ?? 0,
        uploadBytes: row?.uploadBytes ?? 0,
        downloadBytes: row?.downloadBytes ?? 0,
      };
    } catch (error) {
      throw this.#conn.wrap(error, `read the transfer counters of user ${userId}`);
    }
  }

  /** The NOTIFY for a change to the file-area list, sent when the statement commits. */
  #notify(cte: string): Fragment {
    return this.#context.notifyChange(FILE_AREAS_SCOPE, cte);
  }
}
