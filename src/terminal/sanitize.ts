/**
 * Making text typed by one caller safe to show on another caller's terminal: no escape
 * sequences, no control characters, no characters that would break the cell grid.
 *
 * @module
 */

/**
 * True for code points that take no cell or two cells on a terminal: combining marks,
 * zero-width characters, and the East Asian wide ranges. Rough but conservative.
 */
export function isSingleCell(codePoint: number): boolean {
  const c = codePoint;
  if (c < 0x300) return true;
  return !(
    (c >= 0x300 && c <= 0x36f) || // combining diacritics
    (c >= 0x200b && c <= 0x200f) || // zero-width space, joiners, marks
    (c >= 0x202a && c <= 0x202e) || // bidi embeddings and overrides
    (c >= 0x2060 && c <= 0x206f) || // word joiner, invisible operators, bidi isolates
    c === 0xfeff ||
    (c >= 0xfe00 && c <= 0xfe0f) || // variation selectors
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f000 && c <= 0x1faff) || // emoji and pictographs
    (c >= 0x20000 && c <= 0x3fffd) ||
    (c >= 0xe0000 && c <= 0xe007f) // tags
  );
}

/** True for C0 controls, DEL and C1 controls (0x80–0x9F). */
export function isControl(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0);
}

/** Options of `sanitizeCallerText`. */
export interface SanitizeOptions {
  /** Keep pipe colour codes (`|04`) working; otherwise every `|` is escaped as `||`. */
  allowPipeCodes?: boolean;
  /** Keep line breaks (normalised to CR LF); otherwise they become spaces. */
  keepLineBreaks?: boolean;
}

/**
 * Makes caller-typed text safe to embed in a pipe-coded template shown to anyone: ESC and every
 * other control character are dropped (an ESC starts a sequence, so the printable rest of that
 * sequence shows as harmless text), characters that are not one cell wide become `?`, and pipe
 * codes are escaped unless allowed.
 *
 * @example
 * ```ts
 * sanitizeCallerText("hi\x1b[2J|04there"); // "hi[2J||04there"
 * ```
 */
export function sanitizeCallerText(text: string, options: SanitizeOptions = {}): string {
  let out = "";
  for (const char of text) {
    const c = char.codePointAt(0)!;
    if (c === 0x0a && options.keepLineBreaks) out += "\r\n";
    else if (c === 0x0d && options.keepLineBreaks) continue;
    else if (c === 0x0a || c === 0x0d || c === 0x09) out += " ";
    else if (isControl(c)) continue;
    else if (!isSingleCell(c)) out += "?";
    else if (c === 0x7c && !options.allowPipeCodes) out += "||";
    else out += char;
  }
  return out;
}
