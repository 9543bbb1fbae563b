/**
 * The store-level rule for the name an uploaded or imported file is listed under. (The ZMODEM
 * module's `safeFileName` makes wire bytes into text; this decides what a file area accepts.)
 *
 * @module
 */

/** The longest name a file is listed under, in characters (code points). */
export const MAX_UPLOAD_NAME = 64;

/** The longest ending kept as an extension when a long name is cut. */
const MAX_EXTENSION = 16;

/** Control (C0, DEL, C1) and format characters (bidi overrides, zero-width joiners…). */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** Characters DOS and Windows callers cannot have in a file name; `*` and `?` are also the
 * wildcards of a file search. */
const RESERVED = /[<>:"|?*]/g;

/**
 * A name safe to list and to send to any caller's machine, made from whatever a caller or a
 * path offered: directories and a drive letter dropped (`/` and `\` both), control and format
 * characters (NUL included) removed (tabs and newlines read as spaces), `<>:"|?*` replaced by `_`, runs of spaces made one, leading
 * and trailing dots and spaces removed (so no `.`, `..` or hidden names), and cut to
 * {@linkcode MAX_UPLOAD_NAME} characters keeping the extension.
 *
 * @returns the name, or `undefined` when nothing usable is left
 * @example
 * ```ts
 * sanitizeUploadName("../etc/passwd"); // "passwd"
 * sanitizeUploadName("C:\\x\\y.zip"); // "y.zip"
 * sanitizeUploadName(".."); // undefined
 * ```
 */
export function sanitizeUploadName(raw: string): string | undefined {
  // Whitespace controls (tab, newline) read as a space; every other control or format
  // character goes.
  let name = raw.normalize("NFC").replace(/[\t\n\v\f\r]/g, " ").replace(INVISIBLE, "")
    .replaceAll("\\", "/");
  name = name.slice(name.lastIndexOf("/") + 1);
  name = name.replace(/^[A-Za-z]:/, "").replace(RESERVED, "_").replace(/\s+/g, " ");
  name = trimDotsAndSpaces(name);
  const chars = Array.from(name);
  if (chars.length > MAX_UPLOAD_NAME) {
    const dot = name.lastIndexOf(".");
    const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
    const keep = extension.length > 1 && extension.length <= MAX_EXTENSION ? extension : [];
    const base = trimDotsAndSpaces(chars.slice(0, MAX_UPLOAD_NAME - keep.length).join(""));
    name = base === "" ? "" : base + keep.join("");
  }
  return name === "" ? undefined : name;
}

function trimDotsAndSpaces(name: string): string {
  return name.replace(/^[.\s]+/, "").replace(/[.\s]+$/, "");
}
