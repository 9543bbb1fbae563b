import assert from "node:assert/strict";
import {
  Draft,
  MAX_LINES,
  parseDraftCommand,
  quoteBody,
  quoteInitials,
  wrapAt,
  wrapParagraph,
} from "./draft.ts";

Deno.test("wrapping breaks between words and cuts a word longer than the line", () => {
  assert.deepEqual(wrapAt("the quick brown fox", 10), ["the quick", "brown fox"]);
  assert.deepEqual(wrapAt("short", 10), ["short", ""]);
  assert.deepEqual(wrapAt("abcdefghijkl", 5), ["abcde", "fghijkl"]);
  assert.deepEqual(wrapParagraph("one two three four five six", 9), [
    "one two",
    "three",
    "four five",
    "six",
  ]);
  assert.deepEqual(wrapAt("exactly10c more", 10), ["exactly10c", "more"]);
});

Deno.test("initials come from up to two words of the handle", () => {
  assert.equal(quoteInitials("Zoë Cool"), "ZC");
  assert.equal(quoteInitials("sysop"), "S");
  assert.equal(quoteInitials("Dark_Avenger the Great"), "DA");
  assert.equal(quoteInitials("!!!"), "?");
});

Deno.test("quoting prefixes initials, re-wraps, keeps blank lines and older quotes", () => {
  const body = "Hello there, this line is long enough to wrap.\n\n ZC> an older quote";
  assert.deepEqual(quoteBody(body, "Bob Smith", 30), [
    " BS> Hello there, this line is",
    " BS> long enough to wrap.",
    "",
    " ZC> an older quote",
  ]);
});

Deno.test("editor commands are recognised only on their own", () => {
  assert.deepEqual(parseDraftCommand("/s"), { kind: "save" });
  assert.deepEqual(parseDraftCommand(" /A "), { kind: "abort" });
  assert.deepEqual(parseDraftCommand("/L"), { kind: "list" });
  assert.deepEqual(parseDraftCommand("/d 3"), { kind: "delete", line: 3 });
  assert.deepEqual(parseDraftCommand("/q"), { kind: "quote" });
  assert.deepEqual(parseDraftCommand("/q 2-5"), { kind: "quote", from: 2, to: 5 });
  assert.deepEqual(parseDraftCommand("/q 4"), { kind: "quote", from: 4, to: 4 });
  assert.deepEqual(parseDraftCommand("/?"), { kind: "help" });
  assert.equal(parseDraftCommand("/d"), undefined);
  assert.equal(parseDraftCommand("/s please"), undefined);
  assert.equal(parseDraftCommand("and/s"), undefined);
});

Deno.test("a draft adds, deletes, stays bounded and trims trailing blank lines", () => {
  const draft = new Draft();
  assert.ok(draft.isEmpty);
  draft.add("first", "second", "", "");
  assert.equal(draft.delete(2), true);
  assert.equal(draft.delete(9), false);
  assert.equal(draft.body(), "first");
  assert.equal(draft.add(...Array(MAX_LINES).fill("x")), MAX_LINES - 3);
  assert.ok(draft.isFull);
});
