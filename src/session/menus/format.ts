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

/** A byte count the way file lists show it: `512 B`, `4.2 KB`, `1.0 MB`, `3.5 GB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
