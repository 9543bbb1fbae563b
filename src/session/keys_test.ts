import assert from "node:assert/strict";
import { type InputItem, KeyDecoder, type KeyName } from "./keys.ts";

function decode(
  chunks: (string | number[])[],
  charset: "cp437" | "utf8" = "cp437",
): (string | KeyName)[] {
  const items: InputItem[] = [];
  const decoder = new KeyDecoder((item) => items.push(item));
  decoder.charset = charset;
  for (const chunk of chunks) {
    decoder.push(
      typeof chunk === "string" ? new TextEncoder().encode(chunk) : Uint8Array.from(chunk),
    );
  }
  decoder.flushEscape();
  return items.map((item) => typeof item === "string" ? item : item.name);
}

Deno.test("printable runs arrive as one text item", () => {
  assert.deepEqual(decode(["hello world\r"]), ["hello world", "enter"]);
});

Deno.test("backspace and DEL both erase", () => {
  assert.deepEqual(decode([[0x61, 0x08, 0x62, 0x7f]]), ["a", "backspace", "b", "backspace"]);
});

Deno.test("cursor and function keys are keys, not garbage", () => {
  assert.deepEqual(
    decode(["\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1bOP\x1b[3~\x1b[5~\x1b[24~\x1b[1;5C"]),
    [
      "up",
      "down",
      "right",
      "left",
      "up",
      "f1",
      "delete",
      "pageUp",
      "f12",
      "right",
    ],
  );
});

Deno.test("a sequence split across chunks is still one key", () => {
  assert.deepEqual(decode(["a\x1b", "[", "2", "~b"]), ["a", "insert", "b"]);
});

Deno.test("a bare ESC is the Escape key once the timeout flushes it", () => {
  assert.deepEqual(decode(["\x1b"]), ["escape"]);
  assert.deepEqual(decode(["\x1bx"]), ["escape", "x"]);
  assert.deepEqual(decode(["\x1b\x1b[A"]), ["escape", "up"]);
});

Deno.test("unknown and overlong sequences are swallowed whole", () => {
  assert.deepEqual(decode(["\x1b[99z", "x", "\x1b[" + "1;".repeat(40) + "A", "y"]), ["x", "y"]);
});

Deno.test("CP437 high bytes decode to their characters", () => {
  assert.deepEqual(decode([[0x5a, 0x6f, 0x89]]), ["Zoë"]);
});

Deno.test("UTF-8 split across chunks decodes whole", () => {
  const bytes = [...new TextEncoder().encode("é€")];
  assert.deepEqual(
    decode([bytes.slice(0, 1), bytes.slice(1, 3), bytes.slice(3)], "utf8").join(""),
    "é€",
  );
});

Deno.test("control letters are named keys", () => {
  assert.deepEqual(decode([[0x03, 0x09, 0x0d]]), ["ctrl-c", "tab", "enter"]);
});
