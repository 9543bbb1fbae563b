/**
 * The SQL of the SQLite file areas, one constant per statement (each prepared once per
 * connection), and the row conversions that go with it. Areas come back as objects with the
 * field names as aliases; file rows as arrays in the column order below.
 *
 * @module
 */

import type { SQLOutputValue } from "node:sqlite";
import type { FileArea, FileEntry, FoundFile } from "../file_types.ts";
import type { ArrayRow } from "./statement_cache.ts";

const AREA_COLUMNS = `id, tag, name, description, download_level AS "downloadLevel",
  upload_level AS "uploadLevel", max_file_bytes AS "maxFileBytes", sort_order AS "sortOrder",
  file_count AS "fileCount", total_bytes AS "totalBytes"`;

/** Columns 0–9 of a file row, from `files` under the alias `prefix`. */
function fileColumns(prefix: string): string {
  return ["id", "area_id", "name", "size", "hash", "description", "uploader_id", "uploader_handle"]
    .concat("uploaded_at", "downloads").map((column) => prefix + column).join(", ");
}

const FILE_COLUMNS = fileColumns("");
/** A file row, then 10: the area's tag, 11: its name. */
const FOUND_COLUMNS = `${fileColumns("f.")}, a.tag, a.name
  FROM files f JOIN file_areas a ON a.id = f.area_id`;

/** Every statement of the file areas. */
export const FILE_SQL = {
  insertArea: `INSERT INTO file_areas (tag, name, description, download_level, upload_level,
    max_file_bytes, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${AREA_COLUMNS}`,
  updateArea: `UPDATE file_areas SET tag = coalesce(?, tag), name = coalesce(?, name),
    description = coalesce(?, description), download_level = coalesce(?, download_level),
    upload_level = coalesce(?, upload_level), max_file_bytes = coalesce(?, max_file_bytes),
    sort_order = coalesce(?, sort_order)
    WHERE id = ? RETURNING ${AREA_COLUMNS}`,
  deleteArea: "DELETE FROM file_areas WHERE id = ?1 AND (?2 OR file_count = 0)",
  areaFileCount: "SELECT file_count AS n FROM file_areas WHERE id = ?",
  areaById: `SELECT ${AREA_COLUMNS} FROM file_areas WHERE id = ?`,
  areaByTag: `SELECT ${AREA_COLUMNS} FROM file_areas WHERE tag = ?`,
  downloadAreas: `SELECT ${AREA_COLUMNS} FROM file_areas WHERE download_level <= ?
    ORDER BY sort_order, id`,
  uploadAreas: `SELECT ${AREA_COLUMNS} FROM file_areas WHERE upload_level <= ?
    ORDER BY sort_order, id`,

  /** ?1 area, ?2 size. */
  countInArea: `UPDATE file_areas SET file_count = file_count + 1,
    total_bytes = total_bytes + ?2 WHERE id = ?1 RETURNING id`,
  insertFile: `INSERT INTO files (area_id, name, name_key, size, hash, description,
    description_key, uploader_id, uploader_handle, uploaded_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${FILE_COLUMNS}`,
  /** ?1 user, ?2 size. */
  countUpload: `INSERT INTO user_transfers (user_id, uploads, upload_bytes) VALUES (?1, 1, ?2)
    ON CONFLICT (user_id) DO UPDATE SET uploads = uploads + 1,
    upload_bytes = upload_bytes + excluded.upload_bytes`,
  fileByHash: `SELECT ${FOUND_COLUMNS} WHERE f.hash = ? ORDER BY f.id LIMIT 1`,
  /** ?: a JSON array of hashes. */
  hashesInUse: `SELECT DISTINCT hash FROM files
    WHERE hash IN (SELECT value FROM json_each(?))`,

  listByName: `SELECT ${FILE_COLUMNS} FROM files
    WHERE area_id = ? AND name_key > ? ORDER BY name_key LIMIT ?`,
  listNewest: `SELECT ${FILE_COLUMNS} FROM files
    WHERE area_id = ?1 AND (uploaded_at, id) < (?2, ?3)
    ORDER BY uploaded_at DESC, id DESC LIMIT ?4`,
  fileByName: `SELECT ${FILE_COLUMNS} FROM files WHERE area_id = ? AND name_key = ?`,
  fileById: `SELECT ${FILE_COLUMNS} FROM files WHERE id = ?`,

  /**
   * ?1 below this id, ?2 level, ?3 name LIKE or NULL, ?4 description LIKE or NULL, ?5 limit,
   * ?6 files to examine. `scanned` takes the next ?6 ids down the primary key; the matches are
   * looked for only among them (`f.id >= floor`), so the query is bounded whatever matches.
   * Always one row at least: 0 floor, 1 how many were examined, then a match (NULLs when none).
   */
  search: `WITH scanned AS (
      SELECT id FROM files WHERE id < ?1 ORDER BY id DESC LIMIT ?6
    ), bounds AS MATERIALIZED (
      SELECT coalesce(min(id), 0) AS floor, count(*) AS scanned FROM scanned
    )
    SELECT b.floor, b.scanned, m.* FROM bounds b LEFT JOIN (
      SELECT ${FOUND_COLUMNS}
      WHERE f.id < ?1 AND f.id >= (SELECT floor FROM bounds) AND a.download_level <= ?2
        AND (?3 IS NULL OR f.name_key LIKE ?3 ESCAPE '\\')
        AND (?4 IS NULL OR f.description_key LIKE ?4 ESCAPE '\\')
      ORDER BY f.id DESC LIMIT ?5
    ) m ON true ORDER BY m.id DESC`,

  countDownload: "UPDATE files SET downloads = downloads + 1 WHERE id = ? RETURNING size",
  /** ?1 user, ?2 size. */
  userDownload: `INSERT INTO user_transfers (user_id, downloads, download_bytes)
    VALUES (?1, 1, ?2) ON CONFLICT (user_id) DO UPDATE SET downloads = downloads + 1,
    download_bytes = download_bytes + excluded.download_bytes`,
  deleteFile: `DELETE FROM files WHERE id = ? RETURNING ${FILE_COLUMNS}`,
  /** ?1 area, ?2 size. */
  uncountInArea: `UPDATE file_areas SET file_count = file_count - 1,
    total_bytes = total_bytes - ?2 WHERE id = ?1`,
  transferStats: `SELECT uploads, downloads, upload_bytes, download_bytes FROM user_transfers
    WHERE user_id = ?`,
} as const;

/** A `file_areas` row as a plain object (node:sqlite's rows have a null prototype). */
export function toFileArea(row: Record<string, SQLOutputValue>): FileArea {
  const area = row as unknown as FileArea;
  return {
    id: area.id,
    tag: area.tag,
    name: area.name,
    description: area.description,
    downloadLevel: area.downloadLevel,
    uploadLevel: area.uploadLevel,
    maxFileBytes: area.maxFileBytes,
    sortOrder: area.sortOrder,
    fileCount: area.fileCount,
    totalBytes: area.totalBytes,
  };
}

/** Columns `at`…`at + 9` of a row: a file. */
export function toFileEntry(row: ArrayRow, at = 0): FileEntry {
  return {
    id: row[at] as number,
    areaId: row[at + 1] as number,
    name: row[at + 2] as string,
    size: row[at + 3] as number,
    hash: row[at + 4] as string,
    description: row[at + 5] as string,
    uploaderId: row[at + 6] as number | null,
    uploaderHandle: row[at + 7] as string,
    uploadedAt: new Date(row[at + 8] as number),
    downloads: row[at + 9] as number,
  };
}

/** Columns `at`…`at + 11` of a row: a file and its area's tag and name. */
export function toFoundFile(row: ArrayRow, at = 0): FoundFile {
  return {
    ...toFileEntry(row, at),
    areaTag: row[at + 10] as string,
    areaName: row[at + 11] as string,
  };
}
