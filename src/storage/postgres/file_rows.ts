/**
 * Column lists and row conversions of the PostgreSQL file areas. Byte counts are bigint in the
 * schema and read as float8 (postgres.js returns int8 as a string; float8 is exact to 2^53);
 * the conversions copy rows into plain objects of exactly the row type's fields.
 *
 * @module
 */

import type { FileArea, FileEntry, FoundFile } from "../file_types.ts";

/** File area columns aliased to `FileArea` fields (from the table or a CTE of its rows). */
export const FILE_AREA_COLUMNS = `id, tag, name, description, download_level AS "downloadLevel",
  upload_level AS "uploadLevel", max_file_bytes::float8 AS "maxFileBytes",
  sort_order AS "sortOrder", file_count AS "fileCount", total_bytes::float8 AS "totalBytes"`;

/** File columns aliased to `FileEntry` fields, from `files` (or a CTE of its rows) as `f`. */
export const FILE_COLUMNS = `f.id, f.area_id AS "areaId", f.name, f.size::float8 AS size, f.hash,
  f.description, f.uploader_id AS "uploaderId", f.uploader_handle AS "uploaderHandle",
  f.uploaded_at AS "uploadedAt", f.downloads`;

/** `FILE_COLUMNS` and the area's tag and name, from `files f JOIN file_areas a`. */
export const FOUND_COLUMNS = `${FILE_COLUMNS}, a.tag AS "areaTag", a.name AS "areaName"`;

/** An area row without the extra columns a statement may add (`notified`). */
export function toFileArea(row: FileArea): FileArea {
  return {
    id: row.id,
    tag: row.tag,
    name: row.name,
    description: row.description,
    downloadLevel: row.downloadLevel,
    uploadLevel: row.uploadLevel,
    maxFileBytes: row.maxFileBytes,
    sortOrder: row.sortOrder,
    fileCount: row.fileCount,
    totalBytes: row.totalBytes,
  };
}

/** A plain `FileEntry` from a postgres.js row (which may carry more columns). */
export function toFileEntry(row: FileEntry): FileEntry {
  return {
    id: row.id,
    areaId: row.areaId,
    name: row.name,
    size: row.size,
    hash: row.hash,
    description: row.description,
    uploaderId: row.uploaderId,
    uploaderHandle: row.uploaderHandle,
    uploadedAt: row.uploadedAt,
    downloads: row.downloads,
  };
}

/** A plain `FoundFile` from a postgres.js row. */
export function toFoundFile(row: FoundFile): FoundFile {
  return { ...toFileEntry(row), areaTag: row.areaTag, areaName: row.areaName };
}
