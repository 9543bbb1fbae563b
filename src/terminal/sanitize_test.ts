import assert from "node:assert/strict";
import { isSingleCell, sanitizeCallerText } from "./sanitize.ts";

Deno.test("escape sequences and controls from a caller never survive", () => {
  const dirty = "hi\x1b[2J\x1b]0;owned\x07\x9b31m\x00\x08\x7fthere";
  const clean = sanitizeCallerText(dirty);
  assert.doesNotMatch(clean, /[\x00-\x1f\x7f-\x9f]/);
  assert.equal(clean, "hi[2J]0;owned31mthere");
});

Deno.test("pipe codes are escaped unless allowed", () => {
  assert.equal(sanitizeCallerText("|04red"), "||04red");
  assert.equal(sanitizeCallerText("|04red", { allowPipeCodes: true }), "|04red");
});

Deno.test("line breaks become spaces, or CR LF when kept", () => {
  assert.equal(sanitizeCallerText("a\r\nb\nc\td"), "a  b c d");
  assert.equal(sanitizeCallerText("a\r\nb\nc", { keepLineBreaks: true }), "a\r\nb\r\nc");
});

Deno.test("wide, zero-width and combining characters become one harmless cell", () => {
  assert.equal(sanitizeCallerText("日本"), "??");
  assert.equal(sanitizeCallerText("e\u0301"), "e?");
  assert.equal(sanitizeCallerText("a\u200bb\u202ec"), "a?b?c");
  assert.equal(sanitizeCallerText("Zoë ░▒▓ ✓ €"), "Zoë ░▒▓ ✓ €");
  assert.ok(isSingleCell(0x2713));
  assert.ok(!isSingleCell(0x1f600));
});
