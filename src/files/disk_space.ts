/**
 * Free space on a filesystem, without native code or a subprocess: `node:fs`' `statfsSync`,
 * which Deno 2.9.6 implements (statfs(2) on Linux, statfs on macOS, GetDiskFreeSpaceEx on
 * Windows) behind the `sys` permission `statfs` (`--allow-sys=statfs`) plus read access to the
 * path. One call is a few microseconds.
 *
 * Without that permission the answer is "unknown" rather than a permission prompt (a daemon has
 * no one to answer it), and the vault then refuses uploads: it fails safe, never filling the
 * disk it cannot see. Downloads are unaffected.
 *
 * `node:fs` is loaded on the first call: loading Deno's Node layer costs tens of milliseconds,
 * which the daemon's start-up should not pay for a check that only uploads need.
 *
 * @module
 */

let statfs: typeof import("node:fs").statfsSync | undefined;

/**
 * Bytes an unprivileged process may still write on the filesystem holding `path` (`bavail`
 * blocks, not `bfree`: root's reserve does not count).
 *
 * @returns the byte count, or `undefined` when the process may not ask (no `statfs` or read
 *   permission)
 * @throws {Error} what statfs throws for a path that does not exist or cannot be examined
 * @example
 * ```ts
 * const free = await freeDiskBytes("data/files"); // e.g. 82990747648, or undefined
 * ```
 */
export async function freeDiskBytes(path: string): Promise<number | undefined> {
  const { permissions } = Deno;
  if (
    permissions.querySync({ name: "sys", kind: "statfs" }).state !== "granted" ||
    permissions.querySync({ name: "read", path }).state !== "granted"
  ) {
    return undefined;
  }
  statfs ??= (await import("node:fs")).statfsSync;
  const stats = statfs(path);
  return stats.bavail * stats.bsize;
}
