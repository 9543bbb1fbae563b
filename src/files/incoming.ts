/**
 * Clearing out uploads nobody came back to resume.
 *
 * @module
 */

import { joinPath } from "../paths/mod.ts";
import { INCOMING_DIR } from "./vault.ts";

/**
 * How long an interrupted upload is kept for a resume, unless configured
 * (`uploadResumeHours`): three days, so a caller cut off tonight can still resume at the
 * weekend's next call, while a full disk of abandoned parts cannot build up.
 */
export const DEFAULT_UPLOAD_RESUME_HOURS = 72;

/** What {@linkcode cleanIncoming} removed. */
export interface CleanedIncoming {
  /** Part files deleted. */
  files: number;
  /** Their bytes. */
  bytes: number;
}

/**
 * Deletes the `.part` files under `<dataDir>/files/incoming/` that have not changed for
 * `maxAgeMs`. An upload in progress writes (or, resumed, is touched) all the time, so only
 * abandoned ones are old. Meant to run periodically from the daemon.
 *
 * @example
 * ```ts
 * await cleanIncoming("data", DEFAULT_UPLOAD_RESUME_HOURS * 3600_000); // { files: 2, bytes: … }
 * ```
 */
export async function cleanIncoming(dataDir: string, maxAgeMs: number): Promise<CleanedIncoming> {
  if (!(maxAgeMs >= 0)) {
    throw new RangeError(`Cannot clean incoming uploads: maxAgeMs must be >= 0, got ${maxAgeMs}`);
  }
  const dir = joinPath(dataDir, "files", INCOMING_DIR);
  const cleaned: CleanedIncoming = { files: 0, bytes: 0 };
  const cutoff = Date.now() - maxAgeMs;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.endsWith(".part")) continue;
      const path = joinPath(dir, entry.name);
      try {
        const { mtime, size } = await Deno.lstat(path);
        if (mtime === null || mtime.getTime() > cutoff) continue;
        await Deno.remove(path);
        cleaned.files++;
        cleaned.bytes += size;
      } catch (error) {
        // Gone meanwhile (finished, or another daemon cleaned it): nothing to do.
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return cleaned; // no upload ever
    throw error;
  }
  return cleaned;
}
