import assert from "node:assert/strict";
import { InputQueue } from "./input_queue.ts";
import { key } from "./keys.ts";
import { type PromptIo, readKey, readLine, readWrappedLine } from "./line_input.ts";

function io(echoes = true): PromptIo & { shown: string } {
  const state = {
    input: new InputQueue(),
    echoes,
    shown: "",
    echo(text: string) {
      state.shown += text;
    },
  };
  return state;
}

Deno.test("a line stops at its length limit and ignores controls", async () => {
  const prompt = io();
  prompt.input.push("abc\u0007defgh");
  prompt.input.push(key("enter"));
  assert.equal(await readLine(prompt, { maxLength: 5 }), "abcde");
  assert.equal(prompt.shown, "abcde\r\n");
});

Deno.test("Ctrl-U clears the line and backspace erases one character", async () => {
  const prompt = io();
  prompt.input.push("wrong");
  prompt.input.push(key("ctrl-u"));
  prompt.input.push("right!");
  prompt.input.push(key("backspace"));
  prompt.input.push(key("enter"));
  assert.equal(await readLine(prompt, { maxLength: 20 }), "right");
});

Deno.test("hotkeys take one character of a pasted run and leave the rest", async () => {
  const prompt = io();
  prompt.input.push("xyz");
  assert.equal(await readKey(prompt), "x");
  assert.equal(await readKey(prompt), "y");
  prompt.input.push(key("up"));
  assert.equal(await readKey(prompt), "z");
  assert.deepEqual(await readKey(prompt), key("up"));
});

Deno.test("typing past the margin carries the unfinished word to the next line", async () => {
  const prompt = io();
  prompt.input.push("the quick brown fox");
  const first = await readWrappedLine(prompt, { width: 12 });
  assert.deepEqual(first, { text: "the quick", carry: "bro", enter: false });
  assert.equal(prompt.shown, "the quick br" + "\b \b".repeat(2) + "\r\n");
  prompt.input.push(key("enter"));
  const second = await readWrappedLine(prompt, { width: 12, initial: first.carry });
  assert.deepEqual(second, { text: "brown fox", carry: "", enter: true });
});

Deno.test("a space at the margin just ends the line and a long word is cut", async () => {
  const prompt = io();
  prompt.input.push("abcd efgh ij");
  assert.deepEqual(await readWrappedLine(prompt, { width: 9 }), {
    text: "abcd efgh",
    carry: "",
    enter: false,
  });
  prompt.input.push("klmnopqrstu");
  // "ij" was given back to the queue when the space ended the first line.
  const cut = await readWrappedLine(prompt, { width: 9 });
  assert.deepEqual(cut, { text: "ijklmnopq", carry: "r", enter: false });
});
