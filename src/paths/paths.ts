/**
 * The few path operations Carrier needs, on forward-slash paths (which Deno accepts on every
 * platform), without loading `node:path`: Deno's Node compatibility layer costs milliseconds of
 * start-up the first time any `node:` module loads.
 *
 * @module
 */

/** Joins path parts with single slashes: `joinPath("data", "files")` → `data/files`. */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  return joined.replace(/\/{2,}/g, "/");
}

/** The folder a path is in: `parentDir("/a/b/c.db")` → `/a/b`; `"."` for a bare name. */
export function parentDir(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const slash = trimmed.lastIndexOf("/");
  if (slash < 0) return ".";
  return slash === 0 ? "/" : trimmed.slice(0, slash);
}

/** The last part of a path: `baseName("/srv/dl/DOOM.ZIP")` → `DOOM.ZIP`. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** An absolute path: `path` itself when it starts at the root, else under the working folder. */
export function absolutePath(path: string): string {
  if (path.startsWith("/")) return normalize(path);
  return normalize(`${Deno.cwd()}/${path}`);
}

/** Removes `.` parts and resolves `..` parts of an absolute path. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}
