import assert from "node:assert/strict";
import { MAX_UPLOAD_NAME, sanitizeUploadName } from "./upload_name.ts";

Deno.test("directories and drive letters are dropped, on either slash", () => {
  assert.equal(sanitizeUploadName("../etc/passwd"), "passwd");
  assert.equal(sanitizeUploadName("C:\\x\\y.zip"), "y.zip");
  assert.equal(sanitizeUploadName("C:y.zip"), "y.zip");
  assert.equal(sanitizeUploadName("/abs/path/DOOM19S.ZIP"), "DOOM19S.ZIP");
  assert.equal(sanitizeUploadName("a\\..\\..\\b.txt"), "b.txt");
});

Deno.test("dot names, empty names and names of nothing usable give undefined", () => {
  for (const raw of ["", ".", "..", "...", "dir/", "dir/..", "  ", "\u0000", "\x1b\x07", "C:"]) {
    assert.equal(sanitizeUploadName(raw), undefined, JSON.stringify(raw));
  }
});

Deno.test("control and format characters go, NUL included, and hidden names lose their dot", () => {
  assert.equal(sanitizeUploadName("evil\u0000.zip"), "evil.zip");
  assert.equal(sanitizeUploadName("bell\x07\x1b[31m.txt"), "bell[31m.txt");
  assert.equal(sanitizeUploadName("a\u0085b\u009bc.txt"), "abc.txt");
  assert.equal(sanitizeUploadName("\x1b[2Jclear.txt"), "[2Jclear.txt"); // harmless once ESC goes
  assert.equal(sanitizeUploadName("invoice\u202Efdp.exe"), "invoicefdp.exe"); // RTL override
  assert.equal(sanitizeUploadName(".bashrc"), "bashrc");
  assert.equal(sanitizeUploadName("name. . "), "name");
});

Deno.test("DOS-reserved characters become underscores, spaces collapse", () => {
  assert.equal(sanitizeUploadName('what?*<is>"this"|.txt'), "what___is__this__.txt");
  assert.equal(sanitizeUploadName("my   cool\tfile.zip"), "my cool file.zip");
});

Deno.test("a long name is cut to the cap, keeping its extension", () => {
  const long = sanitizeUploadName(`${"x".repeat(300)}.zip`)!;
  assert.equal(long.length, MAX_UPLOAD_NAME);
  assert.ok(long.endsWith("xxx.zip"));
  // No usable extension: cut plainly.
  assert.equal(sanitizeUploadName("y".repeat(300)), "y".repeat(MAX_UPLOAD_NAME));
  assert.equal(sanitizeUploadName(`a.${"b".repeat(300)}`)!.length, MAX_UPLOAD_NAME);
  // Cut by characters, never inside a surrogate pair.
  const emoji = sanitizeUploadName(`${"😀".repeat(100)}.txt`)!;
  assert.equal(Array.from(emoji).length, MAX_UPLOAD_NAME);
  assert.ok(emoji.endsWith("😀.txt"));
  assert.equal(sanitizeUploadName(`${" ".repeat(70)}.zip`), "zip");
});

Deno.test("names are NFC, and an already safe name is unchanged", () => {
  assert.equal(sanitizeUploadName("Zoe\u0308.txt"), "Zo\u00eb.txt");
  for (const name of ["DOOM19S.ZIP", "readme.1st", "Zoë's file (v2).tar.gz"]) {
    assert.equal(sanitizeUploadName(name), name);
    assert.equal(sanitizeUploadName(sanitizeUploadName(name)!), name);
  }
});

Deno.test("random input never throws and never yields a separator or control character", () => {
  const alphabet = "ab./\\:\u0000\x1b .\u202E😀é*?";
  for (let i = 0; i < 2000; i++) {
    let raw = "";
    const length = Math.floor(Math.random() * 90);
    for (let j = 0; j < length; j++) raw += Array.from(alphabet)[Math.floor(Math.random() * 14)];
    const name = sanitizeUploadName(raw);
    if (name === undefined) continue;
    assert.doesNotMatch(name, /[/\\\p{Cc}\p{Cf}:*?]|^[. ]|[. ]$/u, JSON.stringify(raw));
    assert.ok(Array.from(name).length <= MAX_UPLOAD_NAME);
    assert.notEqual(name, "..");
  }
});
