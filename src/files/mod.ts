/**
 * The on-disk side of the file areas, independent of telnet and of the transfer protocols.
 *
 * Files live under `<data>/files/`, content-addressed by their BLAKE3-256 hash
 * (`files/ab/cd/<hash>`, see {@linkcode blobPath}); their rows are in the `Store`. An upload is
 * written to `files/incoming/<key>.part` (the key from the caller, the sanitised name and the
 * announced size, so the same caller sending the same file again resumes), hashed in 64 KiB
 * slices as it arrives, held to the announced size and the area's limit, and moved into place
 * with one rename once complete, unless that content is already there. Before an upload starts
 * the vault checks the free disk space (`statfs`, which needs `--allow-sys=statfs`; without it
 * uploads are refused rather than risk a full disk). Abandoned parts are removed by
 * {@linkcode cleanIncoming}, unused blobs by {@linkcode sweepBlobs}.
 *
 * @example
 * ```ts
 * import { openDownload, openFileVault, storeUpload } from "./src/files/mod.ts";
 *
 * const vault = await openFileVault("data");
 * const upload = await vault.beginUpload({ userId: caller.id, name, size, maxBytes: area.maxFileBytes });
 * // …the transfer starts at upload.resumeAt and calls upload.write(bytes) for each chunk…
 * const stored = await storeUpload(store, upload, { area, uploader: { id: caller.id, handle } });
 *
 * using download = await openDownload(vault, stored.file ?? stored.duplicateOf);
 * await download.read(0, new Uint8Array(8192));
 * ```
 *
 * @module
 */

export { type DeletedFile, deleteStoredFile, sweepBlobs, type SweptBlobs } from "./blob_sweep.ts";
export { type ContentHasher, createContentHasher, HASH_SLICE } from "./content_hash.ts";
export { freeDiskBytes } from "./disk_space.ts";
export { Download, openDownload } from "./download.ts";
export { type CleanedIncoming, cleanIncoming, DEFAULT_UPLOAD_RESUME_HOURS } from "./incoming.ts";
export {
  importFile,
  type ImportFileOptions,
  type StoredUpload,
  storeUpload,
  type StoreUploadOptions,
  type Uploader,
} from "./publish.ts";
export { Upload, type UploadResult } from "./upload.ts";
export { MAX_UPLOAD_NAME, sanitizeUploadName } from "./upload_name.ts";
export {
  blobPath,
  DEFAULT_BLOB_GRACE_MS,
  DEFAULT_RESERVE_BYTES,
  FileVault,
  type FileVaultOptions,
  openFileVault,
  type UploadRequest,
} from "./vault.ts";
