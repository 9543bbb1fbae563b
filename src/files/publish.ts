/**
 * Turning received bytes into a listed file: finish the upload, look for the same content
 * anywhere on the board, record the row. The caller-facing upload and the sysop's
 * `carrier file add` share it.
 *
 * @module
 */

import { baseName } from "../paths/mod.ts";
import { CarrierError } from "../errors.ts";
import type { FileArea, FileEntry, FoundFile, Store } from "../storage/mod.ts";
import { HASH_SLICE } from "./content_hash.ts";
import type { Upload } from "./upload.ts";
import { sanitizeUploadName } from "./upload_name.ts";
import type { FileVault } from "./vault.ts";

/** Who a file is recorded as uploaded by. */
export interface Uploader {
  /** The account, or `null` (a sysop import not on anyone's behalf). */
  id: number | null;
  handle: string;
}

/**
 * What became of a finished upload: listed as `file`, or not listed because the same content
 * is already on the board as `duplicateOf` ("already here as … in …").
 */
export type StoredUpload =
  | { file: FileEntry; duplicateOf?: undefined }
  | { file?: undefined; duplicateOf: FoundFile };

/** Options of {@linkcode storeUpload}. */
export interface StoreUploadOptions {
  area: Pick<FileArea, "id">;
  uploader: Uploader;
  description?: string;
  /** List it even when the same content is already on the board (default false). */
  allowDuplicate?: boolean;
  /** Default now. */
  uploadedAt?: Date;
}

/**
 * Finishes `upload` and lists it in `options.area`, unless its content is already on the board
 * and duplicates are not allowed. A blob nobody lists (a refused duplicate name) is left for
 * `sweepBlobs`.
 *
 * @throws {CarrierError} what `upload.finish()` and `store.addFile` throw (`UPLOAD_INCOMPLETE`,
 *   `FILE_NAME_TAKEN`, …)
 * @example
 * ```ts
 * const stored = await storeUpload(store, upload, { area, uploader: { id: user.id, handle } });
 * if (stored.duplicateOf) say(`Already here as ${stored.duplicateOf.name} in ${stored.duplicateOf.areaName}`);
 * ```
 */
export async function storeUpload(
  store: Store,
  upload: Upload,
  options: StoreUploadOptions,
): Promise<StoredUpload> {
  const { hash, size, name } = await upload.finish();
  if (options.allowDuplicate !== true) {
    const existing = await store.fileByHash(hash);
    if (existing !== undefined) return { duplicateOf: existing };
  }
  const file = await store.addFile({
    areaId: options.area.id,
    name,
    size,
    hash,
    uploaderId: options.uploader.id,
    uploaderHandle: options.uploader.handle,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.uploadedAt === undefined ? {} : { uploadedAt: options.uploadedAt }),
  });
  return { file };
}

/** Options of {@linkcode importFile}. */
export interface ImportFileOptions {
  /** The file area's tag, any letter case. */
  areaTag: string;
  /** The file to import. */
  path: string;
  /** Listed under this name instead of the file's own (sanitised either way). */
  name?: string;
  description?: string;
  uploader: Uploader;
  /** List it even when the same content is already on the board (default false). */
  allowDuplicate?: boolean;
}

/**
 * `carrier file add AREA PATH`: streams a file from disk through the same upload path as a
 * caller's upload (64 KiB at a time, hashed as it goes, never whole in memory), and lists it.
 * The area's size limit does not apply (the sysop chose the file); the disk-space check does.
 * An import cut short resumes where it stopped when run again.
 *
 * @throws {CarrierError} `STORE_CONFLICT` when the area does not exist; `FILE_NAME_TAKEN` when
 *   it has a file of that name; `FILE_NOT_FOUND` when `path` is not a readable file;
 *   `UPLOAD_REFUSED` for a name with nothing usable or too little disk space
 * @example
 * ```ts
 * const stored = await importFile(store, vault, {
 *   areaTag: "games", path: "/srv/dl/DOOM19S.ZIP", description: "Doom shareware v1.9",
 *   uploader: { id: null, handle: "Sysop" },
 * });
 * ```
 */
export async function importFile(
  store: Store,
  vault: FileVault,
  options: ImportFileOptions,
): Promise<StoredUpload> {
  const { areaTag, path } = options;
  const name = sanitizeUploadName(options.name ?? baseName(path));
  const action = `Cannot add "${options.name ?? path}" to file area "${areaTag}"`;
  if (name === undefined) {
    throw new CarrierError("UPLOAD_REFUSED", `${action}: the name has nothing usable in it`);
  }
  const area = await store.fileAreaByTag(areaTag);
  if (area === undefined) {
    throw new CarrierError("STORE_CONFLICT", `${action}: the area does not exist`);
  }
  // Before reading a byte: the common refusal should not cost a hash of the whole file.
  if (await store.fileByName(area.id, name) !== undefined) {
    throw new CarrierError("FILE_NAME_TAKEN", `${action}: the area already has "${name}"`);
  }
  let source: Deno.FsFile;
  let size: number;
  try {
    source = await Deno.open(path, { read: true });
  } catch (error) {
    throw new CarrierError("FILE_NOT_FOUND", `${action}: ${String(error)}`, { cause: error });
  }
  try {
    const stat = await source.stat();
    if (!stat.isFile) throw new CarrierError("FILE_NOT_FOUND", `${action}: not a regular file`);
    size = stat.size;
    const upload = await vault.beginUpload({ userId: options.uploader.id ?? 0, name, size });
    try {
      if (upload.resumeAt > 0) await source.seek(upload.resumeAt, Deno.SeekMode.Start);
      const buffer = new Uint8Array(HASH_SLICE);
      for (let n = await source.read(buffer); n !== null; n = await source.read(buffer)) {
        await upload.write(buffer.subarray(0, n));
      }
      return await storeUpload(store, upload, {
        area,
        uploader: options.uploader,
        ...(options.description === undefined ? {} : { description: options.description }),
        ...(options.allowDuplicate === undefined ? {} : { allowDuplicate: options.allowDuplicate }),
      });
    } finally {
      await upload.abort(); // keeps what arrived for the next run; nothing once finished
    }
  } finally {
    source.close();
  }
}
