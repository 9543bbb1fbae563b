import assert from "node:assert/strict";
import { parseJsonc } from "./jsonc.ts";

Deno.test("comments and trailing commas are accepted", () => {
  const text = `{
    // the board's name
    "systemName": "The // Not A Comment BBS", /* block
    comment */ "maxNodes": 4,
    "list": [1, 2,],
  }`;
  assert.deepEqual(parseJsonc(text), {
    systemName: "The // Not A Comment BBS",
    maxNodes: 4,
    list: [1, 2],
  });
});

Deno.test("escaped quotes inside strings do not end them", () => {
  assert.deepEqual(parseJsonc(`{"a": "say \\"hi\\" // there"}`), { a: 'say "hi" // there' });
});

Deno.test("a syntax error names the line", () => {
  assert.throws(() => parseJsonc(`{\n  "a": 1\n  "b": 2\n}`), /line 3/);
  assert.throws(() => parseJsonc(`{ /* open`), /Unterminated comment at line 1, column 3/);
});
