/**
 * The file-area half of the `Store` interface: areas, file metadata, search and transfer
 * counters. The bytes themselves are not the store's business (`src/files` keeps them on disk,
 * named by hash).
 *
 * @module
 */

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
} from "./file_types.ts";
import type { DeleteOptions } from "./message_types.ts";

/**
 * File areas and their files. Levels are the feature's business except where a list depends on
 * them (`listFileAreas`, `searchFiles`). Results of `listFileAreas` may come from the read cache
 * and are frozen.
 */
export interface FileStore {
  /**
   * Creates a file area with its counters at zero.
   *
   * @throws {CarrierError} `STORE_CONFLICT` when the tag is taken
   * @throws {RangeError} when the tag does not match `AREA_TAG_PATTERN`, a level is not 0–255
   *   or `maxFileBytes` is not a non-negative integer
   */
  createFileArea(input: NewFileArea): Promise<FileArea>;

  /**
   * The file areas a caller of security level `level` may download from (or, with
   * `access: "upload"`, upload to), in display order (`sortOrder`, then id). Cached.
   */
  listFileAreas(options: { level: number; access?: FileAccess }): Promise<readonly FileArea[]>;

  /**
   * Changes the given fields.
   *
   * @returns the area, or `undefined` when it does not exist
   * @throws {CarrierError} `STORE_CONFLICT` when the new tag is taken
   */
  updateFileArea(id: number, changes: FileAreaChanges): Promise<FileArea | undefined>;

  /**
   * Deletes a file area. Its blobs stay on disk until `src/files`' `sweepBlobs`.
   *
   * @returns whether it existed
   * @throws {CarrierError} `STORE_CONFLICT` when it holds files and `force` is not set (with
   *   `force`, their rows go too)
   */
  deleteFileArea(id: number, options?: DeleteOptions): Promise<boolean>;

  /** The file area with this tag, in any letter case. */
  fileAreaByTag(tag: string): Promise<FileArea | undefined>;

  /** The file area with this id. */
  fileAreaById(id: number): Promise<FileArea | undefined>;

  /**
   * Records a file: in one transaction, the row, the area's counters and the uploader's
   * upload counters. Does not look for the same content elsewhere: ask `fileByHash` first.
   *
   * @throws {CarrierError} `FILE_NAME_TAKEN` when the area has a file of that name in any
   *   letter case; `STORE_CONFLICT` when the area or the uploader's account does not exist
   * @throws {RangeError} when the name, size or hash is malformed
   */
  addFile(input: NewFile): Promise<FileEntry>;

  /** The oldest file with this content anywhere, with its area ("already here as … in …"). */
  fileByHash(hash: string): Promise<FoundFile | undefined>;

  /** Which of `hashes` some file still has (for removing blobs nobody uses), in one query. */
  hashesInUse(hashes: readonly string[]): Promise<Set<string>>;

  /**
   * One keyset page of an area's files (25 by default, by name).
   *
   * @throws {RangeError} when `limit` is out of range
   */
  listFiles(areaId: number, page?: FilePage): Promise<FileEntry[]>;

  /** The file of this name in the area, in any letter case. */
  fileByName(areaId: number, name: string): Promise<FileEntry | undefined>;

  /** The file with this id. */
  fileById(id: number): Promise<FileEntry | undefined>;

  /**
   * Files whose name matches `pattern` and/or whose description contains `text`, in the areas
   * `level` may download from, newest first, in one query that examines at most `page.scan`
   * files (see {@linkcode FileSearchResult} for paging on).
   *
   * @throws {RangeError} when the pattern or text is over 64 characters or a bound is out of
   *   range
   */
  searchFiles(search: FileSearch, page?: SearchPage): Promise<FileSearchResult>;

  /**
   * Counts a completed download: the file's `downloads` and the caller's download counters, in
   * one transaction.
   *
   * @returns false when the file does not exist
   * @throws {CarrierError} `USER_NOT_FOUND` when the account does not exist
   */
  recordDownload(fileId: number, userId: number): Promise<boolean>;

  /**
   * Deletes a file's row and lowers its area's counters; the uploader's counters stay. The blob
   * is `src/files`' business (`deleteStoredFile`).
   *
   * @returns the row deleted, or `undefined` when there was none
   */
  deleteFile(id: number): Promise<FileEntry | undefined>;

  /** A caller's transfer counters; zeros for a caller who never transferred (or not at all). */
  userTransferStats(userId: number): Promise<TransferStats>;
}
