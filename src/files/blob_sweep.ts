/**
 * Removing blobs no file uses any more. A blob may back several files (the same content in two
 * areas), so deleting a file removes its blob only when no other row names the hash. A blob
 * changed within the grace period is always spared: an upload of the same content refreshes
 * it just before its row is added.
 *
 * @module
 */

import { joinPath } from "../paths/mod.ts";
import type { FileEntry, Store } from "../storage/mod.ts";
import { HASH_PATTERN } from "./content_hash.ts";
import type { FileVault } from "./vault.ts";

/** Hashes looked up per `hashesInUse` query while sweeping. */
const SWEEP_BATCH = 500;

/** What {@linkcode deleteStoredFile} did. */
export interface DeletedFile {
  /** The row deleted. */
  file: FileEntry;
  /** Whether its blob went too (no other file uses it, and it was not fresh). */
  blobRemoved: boolean;
}

/**
 * Deletes a file's row, then its blob if no other file uses that content.
 *
 * @returns what was deleted, or `undefined` when there was no such file
 * @example
 * ```ts
 * const deleted = await deleteStoredFile(store, vault, file.id);
 * ```
 */
export async function deleteStoredFile(
  store: Store,
  vault: FileVault,
  fileId: number,
  options: { graceMs?: number } = {},
): Promise<DeletedFile | undefined> {
  const file = await store.deleteFile(fileId);
  if (file === undefined) return undefined;
  const inUse = await store.hashesInUse([file.hash]);
  const blobRemoved = !inUse.has(file.hash) &&
    await vault.removeBlob(file.hash, options) !== undefined;
  return { file, blobRemoved };
}

/** What {@linkcode sweepBlobs} removed. */
export interface SweptBlobs {
  /** Blobs looked at. */
  examined: number;
  /** Blobs removed. */
  removed: number;
  /** Their bytes. */
  bytes: number;
}

/**
 * Removes every blob no file uses (after a forced `deleteFileArea`, a refused duplicate name,
 * a crash between the rename and the row), one `hashesInUse` query per 500 blobs. Meant to
 * run now and then from the daemon, or by the sysop.
 *
 * @example
 * ```ts
 * const { removed, bytes } = await sweepBlobs(store, vault);
 * ```
 */
export async function sweepBlobs(
  store: Store,
  vault: FileVault,
  options: { graceMs?: number } = {},
): Promise<SweptBlobs> {
  const swept: SweptBlobs = { examined: 0, removed: 0, bytes: 0 };
  let batch: string[] = [];
  const flush = async () => {
    const inUse = await store.hashesInUse(batch);
    for (const hash of batch) {
      if (inUse.has(hash)) continue;
      // Undefined also when the blob went meanwhile (a file deleted at the same time).
      const size = await vault.removeBlob(hash, options);
      if (size === undefined) continue;
      swept.removed++;
      swept.bytes += size;
    }
    batch = [];
  };
  for await (const hash of blobHashes(vault.root)) {
    swept.examined++;
    batch.push(hash);
    if (batch.length === SWEEP_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return swept;
}

/** The hash of every blob under `root` (`ab/cd/<hash>`), skipping anything else (`incoming/`). */
async function* blobHashes(root: string): AsyncGenerator<string> {
  const fanOut = /^[0-9a-f]{2}$/;
  for await (const first of readDirIfAny(root)) {
    if (!first.isDirectory || !fanOut.test(first.name)) continue;
    for await (const second of readDirIfAny(joinPath(root, first.name))) {
      if (!second.isDirectory || !fanOut.test(second.name)) continue;
      const dir = joinPath(root, first.name, second.name);
      for await (const entry of readDirIfAny(dir)) {
        if (!entry.isFile || !HASH_PATTERN.test(entry.name)) continue;
        const prefix = first.name + second.name;
        if (entry.name.startsWith(prefix)) yield entry.name;
      }
    }
  }
}

async function* readDirIfAny(path: string): AsyncGenerator<Deno.DirEntry> {
  try {
    yield* Deno.readDir(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
