/**
 * File areas on SQLite: areas (cached list), file rows with their area and uploader counters,
 * search, and per-caller transfer counters. Each write that moves a counter is one BEGIN
 * IMMEDIATE transaction.
 *
 * @module
 */

import type { DeleteOptions } from "../message_types.ts";
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
import { freezeRows, type ReadCache } from "../read_cache.ts";
import {
  fileAreaMissingError,
  fileNameTakenError,
  missingReferenceError,
  notEmptyError,
  tagTakenError,
  userNotFoundError,
} from "../store_errors.ts";
import { FILE_SQL as SQL, toFileArea, toFileEntry, toFoundFile } from "./file_sql.ts";
import type { SqliteConnection } from "./sqlite_connection.ts";
import { isForeignKeyViolation, isUniqueViolation } from "./sqlite_errors.ts";
import type { SqliteMessageContext } from "./sqlite_message_context.ts";

/** File areas of `SqliteStore`. */
export class SqliteFiles {
  #context: SqliteMessageContext;
  #conn: SqliteConnection;
  #cache: ReadCache;

  constructor(context: SqliteMessageContext) {
    this.#context = context;
    this.#conn = context.conn;
    this.#cache = context.cache;
  }

  createFileArea(input: NewFileArea): Promise<FileArea> {
    const action = () => `create file area "${input.tag}"`;
    return this.#attempt(action, () => {
      const tag = checkFileArea(input, action())!;
      let row;
      try {
        row = this.#conn.get(
          SQL.insertArea,
          tag,
          input.name,
          input.description ?? "",
          input.downloadLevel ?? 0,
          input.uploadLevel ?? 0,
          input.maxFileBytes ?? 0,
          input.sortOrder ?? 0,
        );
      } catch (error) {
        throw isUniqueViolation(error) ? tagTakenError(action(), tag, error) : error;
      }
      this.#cache.invalidate(FILE_AREAS_SCOPE);
      return toFileArea(row!);
    });
  }

  listFileAreas(options: { level: number; access?: FileAccess }): Promise<readonly FileArea[]> {
    const { level, access = "download" } = options;
    return this.#attempt(() => `list file areas for level ${level}`, () => {
      checkCallerLevel(level, "list file areas");
      const sql = access === "upload" ? SQL.uploadAreas : SQL.downloadAreas;
      return this.#context.cachedRead(`fileareas:${access}:${level}`, FILE_AREAS_SCOPE, () => {
        const areas = this.#conn.statement(sql).all(level).map(toFileArea);
        const bytes = areas.reduce((sum, a) => sum + estimateRowBytes(a.name, a.description), 0);
        return { value: freezeRows(areas), bytes };
      });
    });
  }

  updateFileArea(id: number, changes: FileAreaChanges): Promise<FileArea | undefined> {
    const action = () => `update file area ${id}`;
    return this.#attempt(action, () => {
      const tag = checkFileArea(changes, action());
      let row;
      try {
        row = this.#conn.get(
          SQL.updateArea,
          tag ?? null,
          changes.name ?? null,
          changes.description ?? null,
          changes.downloadLevel ?? null,
          changes.uploadLevel ?? null,
          changes.maxFileBytes ?? null,
          changes.sortOrder ?? null,
          id,
        );
      } catch (error) {
        throw isUniqueViolation(error) ? tagTakenError(action(), tag ?? "", error) : error;
      }
      if (row === undefined) return undefined;
      this.#cache.invalidate(FILE_AREAS_SCOPE);
      return toFileArea(row);
    });
  }

  deleteFileArea(id: number, options: DeleteOptions = {}): Promise<boolean> {
    const action = () => `delete file area ${id}`;
    return this.#attempt(action, () =>
      this.#conn.transaction(() => {
        const force = options.force === true ? 1 : 0;
        const { changes } = this.#conn.statement(SQL.deleteArea).run(id, force);
        if (changes === 0) {
          const count = this.#conn.get(SQL.areaFileCount, id)?.n;
          if (count !== undefined) throw notEmptyError(action(), `${count} files`);
          return false;
        }
        this.#cache.invalidate(FILE_AREAS_SCOPE);
        return true;
      }));
  }

  fileAreaByTag(tag: string): Promise<FileArea | undefined> {
    return this.#attempt(() => `look up file area "${tag}"`, () => {
      const row = this.#conn.get(SQL.areaByTag, tag.toLowerCase());
      return row && toFileArea(row);
    });
  }

  fileAreaById(id: number): Promise<FileArea | undefined> {
    return this.#attempt(() => `look up file area ${id}`, () => {
      const row = this.#conn.get(SQL.areaById, id);
      return row && toFileArea(row);
    });
  }

  addFile(input: NewFile): Promise<FileEntry> {
    const action = () => `add "${input.name}" to file area ${input.areaId}`;
    return this.#attempt(action, () => {
      const nameKey = checkNewFile(input, action());
      const description = input.description ?? "";
      let entry: FileEntry;
      try {
        entry = this.#conn.transaction(() => {
          const area = this.#conn.arrays(SQL.countInArea).get(input.areaId, input.size);
          if (area === undefined) throw fileAreaMissingError(action(), input.areaId);
          const row = this.#conn.arrays(SQL.insertFile).get(
            input.areaId,
            input.name,
            nameKey,
            input.size,
            input.hash,
            description,
            fileNameKey(description),
            input.uploaderId,
            input.uploaderHandle,
            (input.uploadedAt ?? new Date()).getTime(),
          );
          if (input.uploaderId !== null) {
            this.#conn.statement(SQL.countUpload).run(input.uploaderId, input.size);
          }
          return toFileEntry(row!);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw fileNameTakenError(action(), input.name, error);
        if (isForeignKeyViolation(error)) {
          throw missingReferenceError(action(), "the uploader's account", error);
        }
        throw error;
      }
      this.#cache.invalidate(FILE_AREAS_SCOPE);
      return entry;
    });
  }

  fileByHash(hash: string): Promise<FoundFile | undefined> {
    const action = () => `look up the file with hash ${hash}`;
    return this.#attempt(action, () => {
      checkHash(hash, action());
      const row = this.#conn.arrays(SQL.fileByHash).get(hash);
      return row && toFoundFile(row);
    });
  }

  hashesInUse(hashes: readonly string[]): Promise<Set<string>> {
    const action = () => `look up ${hashes.length} hashes`;
    return this.#attempt(action, () => {
      checkHashes(hashes, action());
      if (hashes.length === 0) return new Set<string>();
      const rows = this.#conn.arrays(SQL.hashesInUse).all(JSON.stringify(hashes));
      return new Set(rows.map((row) => row[0] as string));
    });
  }

  listFiles(areaId: number, page?: FilePage): Promise<FileEntry[]> {
    const action = () => `list file area ${areaId}`;
    return this.#attempt(action, () => {
      const { byName, afterKey, beforeTime, beforeId, limit } = resolveFilePage(page, action());
      const rows = byName
        ? this.#conn.arrays(SQL.listByName).all(areaId, afterKey, limit)
        : this.#conn.arrays(SQL.listNewest).all(areaId, beforeTime, beforeId, limit);
      return rows.map((row) => toFileEntry(row));
    });
  }

  fileByName(areaId: number, name: string): Promise<FileEntry | undefined> {
    return this.#attempt(() => `look up "${name}" in file area ${areaId}`, () => {
      const row = this.#conn.arrays(SQL.fileByName).get(areaId, fileNameKey(name));
      return row && toFileEntry(row);
    });
  }

  fileById(id: number): Promise<FileEntry | undefined> {
    return this.#attempt(() => `look up file ${id}`, () => {
      const row = this.#conn.arrays(SQL.fileById).get(id);
      return row && toFileEntry(row);
    });
  }

  searchFiles(search: FileSearch, page?: SearchPage): Promise<FileSearchResult> {
    const action = () => "search the file areas";
    return this.#attempt(action, () => {
      const resolved = resolveSearch(search, page, action());
      const { beforeId, level, nameLike, textLike, limit, scan } = resolved;
      const rows = this.#conn.arrays(SQL.search)
        .all(beforeId, level, nameLike, textLike, limit, scan);
      const files = rows.filter((row) => row[2] !== null).map((row) => toFoundFile(row, 2));
      const next = nextSearchPage(resolved, {
        lastId: files.at(-1)?.id,
        count: files.length,
        floor: rows[0]![0] as number,
        scanned: rows[0]![1] as number,
      });
      return { files, next };
    });
  }

  recordDownload(fileId: number, userId: number): Promise<boolean> {
    const action = () => `record a download of file ${fileId} by user ${userId}`;
    return this.#attempt(action, () => {
      try {
        return this.#conn.transaction(() => {
          const file = this.#conn.arrays(SQL.countDownload).get(fileId);
          if (file === undefined) return false;
          this.#conn.statement(SQL.userDownload).run(userId, file[0]!);
          return true;
        });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw userNotFoundError(action(), userId);
        throw error;
      }
    });
  }

  deleteFile(id: number): Promise<FileEntry | undefined> {
    return this.#attempt(() => `delete file ${id}`, () => {
      const entry = this.#conn.transaction(() => {
        const row = this.#conn.arrays(SQL.deleteFile).get(id);
        if (row === undefined) return undefined;
        const file = toFileEntry(row);
        this.#conn.statement(SQL.uncountInArea).run(file.areaId, file.size);
        return file;
      });
      if (entry !== undefined) this.#cache.invalidate(FILE_AREAS_SCOPE);
      return entry;
    });
  }

  userTransferStats(userId: number): Promise<TransferStats> {
    return this.#attempt(() => `read the transfer counters of user ${userId}`, () => {
      const row = this.#conn.arrays(SQL.transferStats).get(userId);
      return {
        uploads: (row?.[0] ?? 0) as number,
        downloads: (row?.[1] ?? 0) as number,
        uploadBytes: (row?.[2] ?? 0) as number,
        downloadBytes: (row?.[3] ?? 0) as number,
      };
    });
  }

  #attempt<T>(action: () => string, body: () => T): Promise<T> {
    return this.#conn.attempt(action, body);
  }
}
