/**
 * Small text formatting shared by screens.
 *
 * @module
 */

/** `h:mm:ss` or `mm:ss` for a duration in milliseconds. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** `YYYY-MM-DD HH:MM` in the board's local time, or "never". */
export function formatDateTime(date: Date | null): string {
  if (!date) return "never";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${
    pad(date.getHours())
  }:${pad(date.getMinutes())}`;
}

/** Pads or cuts `text` to exactly `width` characters. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width
    ? chars.slice(0, width).join("")
    : text + " ".repeat(width - chars.length);
}
