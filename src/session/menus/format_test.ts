import assert from "node:assert/strict";
import { fit, formatBytes, formatDateTime, formatDuration } from "./format.ts";

Deno.test("durations show minutes and seconds, hours when there are any", () => {
  assert.equal(formatDuration(0), "00:00");
  assert.equal(formatDuration(65_400), "01:05");
  assert.equal(formatDuration(3_725_000), "1:02:05");
});

Deno.test("dates print as local YYYY-MM-DD HH:MM, or never", () => {
  assert.equal(formatDateTime(null), "never");
  assert.equal(formatDateTime(new Date(2026, 10, 3, 9, 7)), "2026-11-03 09:07");
});

Deno.test("fit pads and cuts by characters", () => {
  assert.equal(fit("Zoë", 5), "Zoë  ");
  assert.equal(fit("abcdef", 3), "abc");
});

Deno.test("byte counts read like a file list's", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(4300), "4.2 KB");
  assert.equal(formatBytes(64 * 1024 * 1024), "64.0 MB");
  assert.equal(formatBytes(3.5 * 1024 ** 3), "3.5 GB");
});
