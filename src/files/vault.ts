/**
 * The content-addressed blob store under `<data>/files/`: each file's bytes once, named by
 * their BLAKE3 hash with two levels of fan-out (`files/ab/cd/<hash>`), and uploads in progress
 * under `files/incoming/`. Everything is on one filesystem, so moving a finished upload into
 * place is one atomic rename.
 *
 * @module
 */

import { joinPath } from "../paths/mod.ts";
import { CarrierError } from "../errors.ts";
import { fileNameKey } from "../storage/mod.ts";
import { createContentHasher, HASH_PATTERN, HASH_SLICE } from "./content_hash.ts";
import { freeDiskBytes } from "./disk_space.ts";
import { Upload } from "./upload.ts";
import { sanitizeUploadName } from "./upload_name.ts";

/** Bytes kept free beyond what uploads may still write, unless configured (256 MiB). */
export const DEFAULT_RESERVE_BYTES = 256 * 1024 * 1024;

/** A blob younger than this is never removed as unused (see `removeBlob`): one hour. */
export const DEFAULT_BLOB_GRACE_MS = 60 * 60 * 1000;

/** The folder of uploads in progress, under `<data>/files/`. */
export const INCOMING_DIR = "incoming";

/**
 * Where the blob of `hash` lives, relative to the data directory.
 *
 * @throws {RangeError} when `hash` is not 64 lowercase hex digits (so it can never name a path
 *   outside the store)
 * @example
 * ```ts
 * blobPath("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
 * // "files/af/13/af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
 * ```
 */
export function blobPath(hash: string): string {
  if (!HASH_PATTERN.test(hash)) {
    throw new RangeError(`Cannot locate a blob: "${hash}" is not 64 lowercase hex digits`);
  }
  return `files/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;
}

/** Options of {@linkcode openFileVault}. */
export interface FileVaultOptions {
  /** Bytes to keep free beyond what uploads may still write (default 256 MiB). */
  reserveBytes?: number;
  /** Free bytes on the filesystem of a path (default {@linkcode freeDiskBytes}; tests swap it). */
  freeBytes?: (path: string) => number | undefined | Promise<number | undefined>;
  /** fsync each upload before moving it into place (default true). */
  durable?: boolean;
}

/** What {@linkcode FileVault.beginUpload} needs. */
export interface UploadRequest {
  /** The caller uploading (0 for the sysop's imports): part of the resume key. */
  userId: number;
  /** The name as offered; sanitised with `sanitizeUploadName`. */
  name: string;
  /** The size the sender announced. Without one, nothing is resumed or kept after an abort. */
  size?: number;
  /** The area's limit in bytes; 0 or absent: none. */
  maxBytes?: number;
}

/**
 * Creates `<dataDir>/files/incoming/` when missing and opens the vault there.
 *
 * @example
 * ```ts
 * const vault = await openFileVault("data");
 * vault.pathOf(file.hash); // "data/files/af/13/af13…"
 * ```
 */
export async function openFileVault(
  dataDir: string,
  options: FileVaultOptions = {},
): Promise<FileVault> {
  const vault = new FileVault(dataDir, options);
  await Deno.mkdir(vault.incomingDir, { recursive: true });
  return vault;
}

/** The blob store of one data directory, with the uploads it is receiving. */
export class FileVault {
  /** The data directory given. */
  readonly dataDir: string;
  /** `<dataDir>/files`. */
  readonly root: string;
  /** `<dataDir>/files/incoming`. */
  readonly incomingDir: string;
  #reserveBytes: number;
  #freeBytes: (path: string) => number | undefined | Promise<number | undefined>;
  #durable: boolean;
  #uploads = new Map<string, Upload>();
  /** Keys of uploads begun, from the check until they settle (beginUpload awaits in between). */
  #claimed = new Set<string>();

  /** Use {@linkcode openFileVault}, which creates the folders. */
  constructor(dataDir: string, options: FileVaultOptions = {}) {
    const { reserveBytes = DEFAULT_RESERVE_BYTES } = options;
    if (!Number.isSafeInteger(reserveBytes) || reserveBytes < 0) {
      throw new RangeError(`Cannot open the file vault: reserveBytes must be >= 0`);
    }
    this.dataDir = dataDir;
    this.root = joinPath(dataDir, "files");
    this.incomingDir = joinPath(this.root, INCOMING_DIR);
    this.#reserveBytes = reserveBytes;
    this.#freeBytes = options.freeBytes ?? freeDiskBytes;
    this.#durable = options.durable ?? true;
  }

  /** Uploads begun and not yet finished or aborted. */
  get activeUploads(): number {
    return this.#uploads.size;
  }

  /** The path of the blob of `hash` (see {@linkcode blobPath}). */
  pathOf(hash: string): string {
    return joinPath(this.dataDir, blobPath(hash));
  }

  /**
   * Starts receiving a file: checks the name, the announced size against the area's limit and
   * the free disk space (announced bytes still to come, plus what other uploads may still
   * write, plus the reserve), then opens the part file. A part left by the same caller for the
   * same name and size is resumed: its bytes are hashed again (in bounded slices) and
   * `resumeAt` says where the sender should start.
   *
   * @throws {CarrierError} `UPLOAD_REFUSED` when the name has nothing usable, the size is over
   *   the limit, the same upload is already in progress, the free space is too small or cannot
   *   be told (no `--allow-sys=statfs`)
   * @throws {RangeError} when `size` or `maxBytes` is not a non-negative integer
   */
  async beginUpload(request: UploadRequest): Promise<Upload> {
    const { userId, size, maxBytes = 0 } = request;
    for (const [what, value] of [["size", size], ["maxBytes", maxBytes]] as const) {
      if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
        throw new RangeError(`Cannot begin an upload: ${what} must be a non-negative integer`);
      }
    }
    const name = sanitizeUploadName(request.name);
    const refuse = (why: string, cause?: unknown) =>
      new CarrierError("UPLOAD_REFUSED", `Cannot receive "${name ?? request.name}": ${why}`, {
        cause,
      });
    if (name === undefined) throw refuse("the name has nothing usable in it");
    if (maxBytes > 0 && size !== undefined && size > maxBytes) {
      throw refuse(`it is ${size} bytes, and the limit here is ${maxBytes}`);
    }
    // Claimed before the first await, so of two identical requests the first one asked wins.
    const identity = size === undefined
      ? crypto.randomUUID()
      : `${userId}\0${fileNameKey(name)}\0${size}`;
    if (this.#claimed.has(identity)) throw refuse("the same upload is already in progress");
    this.#claimed.add(identity);
    let file: Deno.FsFile | undefined;
    try {
      const key = size === undefined ? identity : await resumeKey(identity);
      const partPath = joinPath(this.incomingDir, `${key}.part`);
      let held = await partLength(partPath);
      if (size !== undefined && held > size) held = 0; // not this file's start after all
      const limit = Math.min(size ?? Infinity, maxBytes > 0 ? maxBytes : Infinity);
      await this.#checkSpace((size ?? (maxBytes > 0 ? maxBytes : 0)) - held, refuse);
      file = await Deno.open(partPath, { read: true, write: true, create: true });
      if (held === 0) await file.truncate(0);
      const hasher = await createContentHasher();
      const buffer = new Uint8Array(HASH_SLICE);
      for (let at = 0; at < held;) {
        const n = await file.read(buffer.subarray(0, Math.min(HASH_SLICE, held - at)));
        if (n === null) throw new Error(`the part file shrank to ${at} bytes while being read`);
        hasher.update(buffer.subarray(0, n));
        at += n;
      }
      // A resumed part looks fresh to cleanIncoming until the first new bytes arrive.
      const now = new Date();
      await Deno.utime(partPath, now, now);
      const upload = new Upload({
        key,
        name,
        size,
        limit,
        maxBytes,
        resumeAt: held,
        file,
        partPath,
        hasher,
        durable: this.#durable,
        blobPathOf: (hash) => this.pathOf(hash),
        onSettled: (done) => {
          this.#uploads.delete(done);
          this.#claimed.delete(identity);
        },
      });
      this.#uploads.set(key, upload);
      return upload;
    } catch (error) {
      file?.close();
      this.#claimed.delete(identity);
      throw error instanceof CarrierError ? error : refuse(`cannot open the part file`, error);
    }
  }

  /**
   * The size of the blob of `hash`, or `undefined` when the vault does not hold it.
   *
   * @throws {RangeError} when `hash` is malformed
   */
  async blobSize(hash: string): Promise<number | undefined> {
    try {
      return (await Deno.stat(this.pathOf(hash))).size;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  /**
   * Removes the blob of `hash` unless it changed within `graceMs` (an upload of the same
   * content refreshes it: its row may be on the way). Check first that no file uses it
   * (`store.hashesInUse`).
   *
   * @returns the size of the blob removed, or `undefined` when none was (spared or gone)
   */
  async removeBlob(
    hash: string,
    options: { graceMs?: number } = {},
  ): Promise<number | undefined> {
    const { graceMs = DEFAULT_BLOB_GRACE_MS } = options;
    const path = this.pathOf(hash);
    try {
      const { mtime, size } = await Deno.lstat(path);
      if (mtime !== null && Date.now() - mtime.getTime() < graceMs) return undefined;
      await Deno.remove(path);
      return size;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  async #checkSpace(
    needed: number,
    refuse: (why: string, cause?: unknown) => CarrierError,
  ): Promise<void> {
    let free: number | undefined;
    try {
      free = await this.#freeBytes(this.root);
    } catch (error) {
      throw refuse(`cannot tell the free disk space on ${this.root}`, error);
    }
    if (free === undefined) {
      throw refuse(
        `cannot tell the free disk space on ${this.root} (the daemon needs --allow-sys=statfs)`,
      );
    }
    let promised = 0;
    for (const upload of this.#uploads.values()) promised += upload.outstanding;
    if (free - promised - needed < this.#reserveBytes) {
      throw refuse(
        `not enough disk space (${free} bytes free, ${promised} promised to other uploads, ` +
          `${needed} needed, ${this.#reserveBytes} kept in reserve)`,
      );
    }
  }
}

/** The length of a part file, 0 when there is none. */
async function partLength(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
}

/**
 * The part file's name for an upload that can be resumed, from its identity (caller, name key,
 * size): the same caller sending the same name and size finds the same part (SHA-256, hex, 32 digits; WebCrypto rather than `node:crypto`,
 * which would load Deno's Node layer at start-up).
 */
async function resumeKey(identity: string): Promise<string> {
  const text = new TextEncoder().encode(identity);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", text));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
