/**
 * Reading a stored file back for a transfer protocol.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import type { FileEntry } from "../storage/mod.ts";
import type { FileVault } from "./vault.ts";

/**
 * An open blob with the shape a ZMODEM/YMODEM sender's `FileSource` wants. Close it when the
 * transfer ends (or use `using`).
 */
export class Download {
  /** The name the file is listed under. */
  readonly name: string;
  /** Bytes. */
  readonly size: number;
  /** Sent as the file's time: when it was uploaded. */
  readonly mtime: Date;
  #file: Deno.FsFile;
  #position = 0;
  #closed = false;

  /** Use {@linkcode openDownload}, which checks the blob first. */
  constructor(file: Deno.FsFile, entry: Pick<FileEntry, "name" | "size" | "uploadedAt">) {
    this.#file = file;
    this.name = entry.name;
    this.size = entry.size;
    this.mtime = entry.uploadedAt;
  }

  /**
   * Reads up to `into.length` bytes at `offset` into `into`.
   *
   * @returns how many (fewer only at the end of the file; 0 there)
   * @throws {TypeError} after `close`
   */
  async read(offset: number, into: Uint8Array): Promise<number> {
    if (this.#closed) throw new TypeError(`Cannot read "${this.name}": the download is closed`);
    const seek = offset !== this.#position;
    // Unknown until the reads finish: if one throws, the next read seeks.
    this.#position = -1;
    if (seek) await this.#file.seek(offset, Deno.SeekMode.Start);
    let filled = 0;
    while (filled < into.length) {
      const n = await this.#file.read(into.subarray(filled));
      if (n === null) break;
      filled += n;
    }
    this.#position = offset + filled;
    return filled;
  }

  /** Closes the blob; a second call does nothing. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }

  /** `close()`, for `using download = await openDownload(…)`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/**
 * Opens the blob of a stored file for reading, after checking it is there and as long as the
 * store says.
 *
 * @throws {CarrierError} `FILE_NOT_FOUND` when the blob is missing or its size is wrong
 * @example
 * ```ts
 * using download = await openDownload(vault, file);
 * const sender = new ZmodemSender({ sink, files: [download] });
 * ```
 */
export async function openDownload(
  vault: FileVault,
  file: Pick<FileEntry, "name" | "size" | "hash" | "uploadedAt">,
): Promise<Download> {
  const path = vault.pathOf(file.hash);
  let handle: Deno.FsFile;
  try {
    handle = await Deno.open(path, { read: true });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "its content is missing" : String(error);
    throw new CarrierError("FILE_NOT_FOUND", `Cannot send "${file.name}": ${why} (${path})`, {
      cause: error,
    });
  }
  try {
    const { size, isFile } = await handle.stat();
    if (!isFile || size !== file.size) {
      throw new CarrierError(
        "FILE_NOT_FOUND",
        `Cannot send "${file.name}": its content is damaged (${size} bytes, not ${file.size}, at ${path})`,
      );
    }
  } catch (error) {
    handle.close();
    throw error;
  }
  return new Download(handle, file);
}
