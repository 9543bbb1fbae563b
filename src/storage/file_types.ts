/**
 * Row and input types of the file areas (areas, files, search, transfer counters). The
 * `FileStore` half of `Store` in `file_store.ts` takes and returns them.
 *
 * @module
 */

/** A file area with its denormalised counters. */
export interface FileArea {
  id: number;
  /** Short lowercase name for admin commands, e.g. `games` (see `AREA_TAG_PATTERN`). */
  tag: string;
  name: string;
  description: string;
  /** Callers below this security level do not see the area or its files. */
  downloadLevel: number;
  /** Callers below this security level may not upload here (checked by the feature). */
  uploadLevel: number;
  /** The largest upload accepted, in bytes; 0: no limit (enforced by `src/files`). */
  maxFileBytes: number;
  /** Areas are shown by this, then by id. */
  sortOrder: number;
  /** Files in the area. */
  fileCount: number;
  /** Their sizes added up, in bytes. */
  totalBytes: number;
}

/** What it takes to create a file area. */
export interface NewFileArea {
  /** Lowercased by the store; must then match `AREA_TAG_PATTERN`. */
  tag: string;
  name: string;
  description?: string;
  /** Default 0: everyone. */
  downloadLevel?: number;
  /** Default 0: everyone. */
  uploadLevel?: number;
  /** Default 0: no limit. */
  maxFileBytes?: number;
  /** Default 0. */
  sortOrder?: number;
}

/** The fields `updateFileArea` changes; the others stay as they are. */
export type FileAreaChanges = Partial<NewFileArea>;

/** Which level `listFileAreas` filters on. */
export type FileAccess = "download" | "upload";

/** A file as a listing shows it. Its bytes are the blob named by `hash` (see `src/files`). */
export interface FileEntry {
  id: number;
  areaId: number;
  /** The name as shown, unique in its area in any letter case. */
  name: string;
  /** Bytes. */
  size: number;
  /** BLAKE3-256 of the content, 64 lowercase hex digits. */
  hash: string;
  description: string;
  /** The uploader's account; `null` once deleted, or for a sysop import without one. */
  uploaderId: number | null;
  uploaderHandle: string;
  uploadedAt: Date;
  /** Completed downloads (`recordDownload`). */
  downloads: number;
}

/** A file found across areas (`searchFiles`, `fileByHash`), with its area's tag and name. */
export interface FoundFile extends FileEntry {
  areaTag: string;
  areaName: string;
}

/** What `addFile` needs. */
export interface NewFile {
  areaId: number;
  /** 1–255 characters, no `/`, `\` or control characters (sanitise it first: `src/files`). */
  name: string;
  size: number;
  /** BLAKE3-256, 64 lowercase hex digits. */
  hash: string;
  description?: string;
  uploaderId: number | null;
  uploaderHandle: string;
  /** Default now. */
  uploadedAt?: Date;
}

/** Where a listing page continues from: the last file of the previous page. */
export type FileCursor = Pick<FileEntry, "id" | "name" | "uploadedAt">;

/**
 * A keyset page of an area's files.
 *
 * @example
 * ```ts
 * const first = await store.listFiles(area.id); // 25 by name
 * const next = await store.listFiles(area.id, { after: first.at(-1)! });
 * const newest = await store.listFiles(area.id, { order: "newest", limit: 10 });
 * ```
 */
export interface FilePage {
  /** Default `"name"` (by name, A to Z, case-insensitive); `"newest"`: newest upload first. */
  order?: "name" | "newest";
  /** Only files after this one in `order`. */
  after?: FileCursor;
  /** Default 25, at most 1000. */
  limit?: number;
}

/** What `searchFiles` looks for, over the areas `level` may download from. */
export interface FileSearch {
  /** The caller's security level. */
  level: number;
  /**
   * A name pattern, any letter case: `*` is any run of characters, `?` one character. With
   * neither, the text may appear anywhere in the name (`doom` means `*doom*`). At most 64
   * characters.
   */
  pattern?: string;
  /** Text the description must contain, any letter case. At most 64 characters. */
  text?: string;
}

/** A page of a search: newest files first, walking ids downwards. */
export interface SearchPage {
  /** Only files with an id below this (from the previous result's `next`). */
  beforeId?: number;
  /** At most this many files (default 25, at most 1000). */
  limit?: number;
  /** Examine at most this many files, matching or not (default 4,000): bounds one query. */
  scan?: number;
}

/**
 * One step of a search. A page may hold fewer than `limit` files (even none) while `next` is
 * set: the scan bound was reached first. Ask again with `next` to go on.
 *
 * @example
 * ```ts
 * const found: FoundFile[] = [];
 * let page: SearchPage | undefined = {};
 * while (page !== undefined && found.length < 25) {
 *   const result = await store.searchFiles({ level: 10, pattern: "*.zip" }, page);
 *   found.push(...result.files);
 *   page = result.next;
 * }
 * ```
 */
export interface FileSearchResult {
  files: FoundFile[];
  /** The page to ask for next; `undefined` when every file has been examined. */
  next: SearchPage | undefined;
}

/** A caller's transfer counters (all zero until their first transfer). */
export interface TransferStats {
  uploads: number;
  downloads: number;
  uploadBytes: number;
  downloadBytes: number;
}
