/**
 * Path helpers without `node:path` (which would cost start-up time).
 *
 * @module
 */
export { absolutePath, baseName, joinPath, parentDir } from "./paths.ts";
