/**
 * One file being received: bytes go to a `.part` file under `<data>/files/incoming/` and into
 * an incremental BLAKE3 as they arrive; `finish` checks the length, then moves the part into
 * place under its hash with one rename, unless that content is already there.
 *
 * @module
 */

import { parentDir } from "../paths/mod.ts";
import { CarrierError } from "../errors.ts";
import { type ContentHasher, HASH_SLICE } from "./content_hash.ts";

/** What `finish` reports. */
export interface UploadResult {
  /** The name the file is to be listed under (sanitised). */
  name: string;
  /** BLAKE3-256 of the content, 64 lowercase hex digits. */
  hash: string;
  /** Bytes received, those of an earlier attempt included. */
  size: number;
  /** The vault already held this content; the new copy was dropped. */
  duplicate: boolean;
}

/** What the vault hands an upload; not for other callers. */
export interface UploadParts {
  key: string;
  name: string;
  size: number | undefined;
  /** Bytes accepted at most: the announced size, or the area's limit, or Infinity. */
  limit: number;
  /** The area's limit (0: none), for the error message. */
  maxBytes: number;
  resumeAt: number;
  file: Deno.FsFile;
  partPath: string;
  hasher: ContentHasher;
  /** fsync the data before the rename. */
  durable: boolean;
  blobPathOf(hash: string): string;
  /** Called once when the upload finishes or is aborted. */
  onSettled(key: string): void;
}

/**
 * A file being received. Made by `FileVault.beginUpload`; call `write` for each chunk in order
 * (one at a time), then `finish`, or `abort` when the transfer fails.
 *
 * @example
 * ```ts
 * const upload = await vault.beginUpload({ userId: 7, name: "doom.zip", size, maxBytes });
 * // resume: ask the sender to start at upload.resumeAt
 * for await (const chunk of incoming) await upload.write(chunk);
 * const { hash, duplicate } = await upload.finish();
 * ```
 */
export class Upload {
  /** The name the file will be listed under (sanitised). */
  readonly name: string;
  /** The size the sender announced, if any. */
  readonly size: number | undefined;
  /** Bytes already held from an interrupted attempt: ask the sender to start here. */
  readonly resumeAt: number;
  #parts: UploadParts;
  #received: number;
  #pending: Promise<void> | undefined;
  #settled = false;

  /** Use `FileVault.beginUpload`. */
  constructor(parts: UploadParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.size = parts.size;
    this.resumeAt = parts.resumeAt;
    this.#received = parts.resumeAt;
  }

  /** Bytes held so far (`resumeAt` included). */
  get received(): number {
    return this.#received;
  }

  /** Bytes still expected, for the vault's disk-space bookkeeping. */
  get outstanding(): number {
    const { size, limit } = this.#parts;
    const expected = size ?? (Number.isFinite(limit) ? limit : this.#received);
    return Math.max(0, expected - this.#received);
  }

  /** Whether `finish` or `abort` has run. */
  get settled(): boolean {
    return this.#settled;
  }

  /**
   * Appends `bytes` in one write, after hashing them in {@linkcode HASH_SLICE} slices. `bytes`
   * is borrowed until the promise settles.
   *
   * @param offset where the sender says `bytes` start; must be `received` when given
   * @throws {CarrierError} `UPLOAD_REFUSED` when the bytes would pass the announced size or the
   *   area's limit, or cannot be written (the part is deleted: not resumable)
   * @throws {RangeError} when `offset` is not `received`
   * @throws {TypeError} after `finish`/`abort`, or while another write is pending
   */
  async write(bytes: Uint8Array, offset?: number): Promise<void> {
    this.#checkOpen("write");
    if (offset !== undefined && offset !== this.#received) {
      throw new RangeError(
        `Cannot write to the upload "${this.name}" at ${offset}: ${this.#received} bytes are held`,
      );
    }
    this.#pending = this.#write(bytes);
    try {
      await this.#pending;
    } finally {
      this.#pending = undefined;
    }
  }

  /**
   * Checks that every announced byte arrived, then moves the file into place under its hash
   * (or drops it when that content is already there, refreshing the existing blob's time so a
   * blob sweep spares it).
   *
   * @throws {CarrierError} `UPLOAD_INCOMPLETE` when fewer bytes than announced arrived, or the
   *   part cannot be moved (the part is kept for a resume)
   */
  async finish(): Promise<UploadResult> {
    this.#checkOpen("finish");
    const { file, partPath, size } = this.#parts;
    this.#settled = true;
    if (size !== undefined && this.#received !== size) {
      file.close();
      this.#release();
      throw this.#error(
        "UPLOAD_INCOMPLETE",
        `${this.#received} of ${size} bytes arrived; the part is kept for a resume`,
      );
    }
    let duplicate = false;
    const hash = this.#parts.hasher.digest();
    try {
      try {
        if (this.#parts.durable) await file.syncData();
      } finally {
        file.close();
      }
      const blob = this.#parts.blobPathOf(hash);
      await Deno.mkdir(parentDir(blob), { recursive: true });
      duplicate = await exists(blob);
      if (duplicate) {
        await Deno.remove(partPath);
        const now = new Date();
        await Deno.utime(blob, now, now);
      } else {
        await Deno.rename(partPath, blob);
      }
    } catch (error) {
      throw this.#error("UPLOAD_INCOMPLETE", `cannot move it into place: ${reason(error)}`, error);
    } finally {
      // Only now may the same upload begin again: until the rename its part is still in use.
      this.#release();
    }
    return { name: this.name, hash, size: this.#received, duplicate };
  }

  /**
   * Stops receiving. The part is kept for a resume unless `discard` is set, nothing was
   * received, or no size was announced (a resume could not be matched to it). Waits for a
   * pending write first; a second call does nothing.
   */
  async abort(options: { discard?: boolean } = {}): Promise<void> {
    await this.#pending?.catch(() => {});
    if (this.#settled) return;
    this.#settled = true;
    try {
      this.#parts.file.close();
      if (options.discard === true || this.size === undefined || this.#received === 0) {
        await Deno.remove(this.#parts.partPath).catch(ignoreNotFound);
      }
    } finally {
      this.#release();
    }
  }

  /** `abort()` unless settled, for `await using upload = await vault.beginUpload(…)`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.abort();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    const { limit, size, maxBytes, file, hasher } = this.#parts;
    if (this.#received + bytes.length > limit) {
      await this.#discard();
      const bound = size !== undefined && size === limit
        ? `the ${size} bytes announced`
        : `the area's limit of ${maxBytes} bytes`;
      throw this.#error("UPLOAD_REFUSED", `more bytes arrived than ${bound}`);
    }
    try {
      for (let at = 0; at < bytes.length; at += HASH_SLICE) {
        hasher.update(bytes.subarray(at, at + HASH_SLICE));
      }
      // One write for the whole batch; a failed one discards the part, hash and all.
      await writeAll(file, bytes);
      this.#received += bytes.length;
    } catch (error) {
      await this.#discard();
      throw this.#error("UPLOAD_REFUSED", `cannot write it: ${reason(error)}`, error);
    }
  }

  /** Ends the upload and deletes the part: what it holds cannot be resumed. */
  async #discard(): Promise<void> {
    this.#settled = true;
    try {
      this.#parts.file.close();
      await Deno.remove(this.#parts.partPath).catch(ignoreNotFound);
    } finally {
      this.#release();
    }
  }

  /** Tells the vault the part file is no longer this upload's: the same upload may begin. */
  #release(): void {
    this.#parts.onSettled(this.#parts.key);
  }

  #checkOpen(what: string): void {
    if (this.#settled) throw new TypeError(`Cannot ${what} the upload "${this.name}": it ended`);
    if (this.#pending !== undefined) {
      throw new TypeError(`Cannot ${what} the upload "${this.name}": a write is pending`);
    }
  }

  #error(code: "UPLOAD_REFUSED" | "UPLOAD_INCOMPLETE", why: string, cause?: unknown) {
    return new CarrierError(code, `Cannot receive "${this.name}": ${why}`, { cause });
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let done = 0; done < bytes.length;) done += await file.write(bytes.subarray(done));
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
