import assert from "node:assert/strict";
import { ByteWriter } from "../../bytes/mod.ts";
import { parseFileInfo, safeFileName, writeFileInfo } from "./file_info.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("ZFILE info is written as lrzsz writes it and read back", () => {
  const out = new ByteWriter();
  const mtime = new Date(1_700_000_000_000);
  writeFileInfo(out, { name: "CARRIER.ZIP", size: 1025, mtime }, { filesLeft: 3, bytesLeft: 5000 });
  const text = new TextDecoder().decode(out.view());
  assert.equal(text, `CARRIER.ZIP\x001025 ${(1_700_000_000).toString(8)} 100644 0 3 5000\x00`);
  const info = parseFileInfo(out.view(), false);
  assert.deepEqual(info, {
    name: bytes("CARRIER.ZIP"),
    size: 1025,
    mtime,
    mode: 0o100644,
    filesLeft: 3,
    bytesLeft: 5000,
    resume: false,
  });
});

Deno.test("a ZFILE with only a name (CP/M style) has no attributes", () => {
  const info = parseFileInfo(bytes("README\0"), true);
  assert.deepEqual(info.name, bytes("README"));
  assert.equal(info.size, undefined);
  assert.equal(info.mtime, undefined);
  assert.equal(info.resume, true);
});

Deno.test("junk attributes are undefined, not NaN", () => {
  const info = parseFileInfo(bytes("a\0-5 9z 0x10"), false);
  assert.equal(info.size, undefined);
  assert.equal(info.mtime, undefined);
  assert.equal(info.mode, undefined);
});

Deno.test("a file name with a NUL cannot be offered", () => {
  assert.throws(
    () =>
      writeFileInfo(new ByteWriter(), { name: "a\0b", size: 0 }, { filesLeft: 1, bytesLeft: 0 }),
    TypeError,
  );
});

Deno.test("safeFileName drops paths, dot-dot, controls and leading dots", () => {
  assert.equal(safeFileName(bytes("../../etc/passwd")), "passwd");
  assert.equal(safeFileName(bytes("C:\\DOS\\COMMAND.COM")), "COMMAND.COM");
  assert.equal(safeFileName(bytes("..")), "unnamed");
  assert.equal(safeFileName(bytes("dir/")), "unnamed");
  assert.equal(safeFileName(bytes(".bashrc")), "bashrc");
  assert.equal(safeFileName(bytes("a\x1b[2Jb\x07.txt")), "a[2Jb.txt");
  assert.equal(safeFileName(bytes("  spaced name.txt  ")), "spaced name.txt");
  assert.equal(safeFileName(new Uint8Array([0x66, 0xff, 0x2e, 0x74])), "f\ufffd.t");
});

Deno.test("safeFileName caps a name at 255 UTF-8 bytes without splitting a character", () => {
  const name = safeFileName(bytes("é".repeat(200)));
  assert.equal(name, "é".repeat(127));
  assert.ok(new TextEncoder().encode(name).length <= 255);
});
