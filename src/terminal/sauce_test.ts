import assert from "node:assert/strict";
import { parseSauce, SAUCE_CHARACTER_TYPES, SAUCE_DATA_TYPES, stripSauce } from "./sauce.ts";

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function padded(text: string, size: number, pad = 0x20): Uint8Array {
  const field = new Uint8Array(size).fill(pad);
  field.set(latin1(text).subarray(0, size));
  return field;
}

interface RecordFields {
  version?: string;
  title?: string;
  author?: string;
  group?: string;
  date?: string;
  fileSize?: number;
  dataType?: number;
  fileType?: number;
  tinfo1?: number;
  tinfo2?: number;
  commentCount?: number;
  tflags?: number;
  tinfos?: string;
}

/** A 128-byte record laid out byte by byte from the SAUCE00 spec (independent of sauce.ts). */
function record(fields: RecordFields = {}): Uint8Array {
  const bytes = new Uint8Array(128);
  const data = new DataView(bytes.buffer);
  bytes.set(latin1("SAUCE" + (fields.version ?? "00")), 0);
  bytes.set(padded(fields.title ?? "", 35), 7);
  bytes.set(padded(fields.author ?? "", 20), 42);
  bytes.set(padded(fields.group ?? "", 20), 62);
  bytes.set(padded(fields.date ?? "", 8), 82);
  data.setUint32(90, fields.fileSize ?? 0, true);
  bytes[94] = fields.dataType ?? SAUCE_DATA_TYPES.character;
  bytes[95] = fields.fileType ?? SAUCE_CHARACTER_TYPES.ansi;
  data.setUint16(96, fields.tinfo1 ?? 0, true);
  data.setUint16(98, fields.tinfo2 ?? 0, true);
  bytes[104] = fields.commentCount ?? 0;
  bytes[105] = fields.tflags ?? 0;
  bytes.set(padded(fields.tinfos ?? "", 22, 0), 106);
  return bytes;
}

function commentBlock(lines: string[]): Uint8Array {
  return concat(latin1("COMNT"), ...lines.map((line) => padded(line, 64)));
}

const EOF = Uint8Array.of(0x1a);
const ART = latin1("\x1b[1;33m\xdb\xdb\xb2\xb1\xb0 hi\r\n");

Deno.test("a file without SAUCE has none, and its content ends at the first EOF byte", () => {
  assert.equal(parseSauce(ART), undefined);
  assert.equal(stripSauce(ART), ART);
  const withEof = concat(ART, EOF, latin1("junk"), EOF);
  assert.equal(parseSauce(withEof), undefined);
  assert.deepEqual(stripSauce(withEof), ART);
  assert.equal(parseSauce(new Uint8Array(0)), undefined);
  assert.equal(stripSauce(new Uint8Array(0)).length, 0);
});

Deno.test("a file shorter than a record has no SAUCE", () => {
  assert.equal(parseSauce(latin1("SAUCE00")), undefined);
  assert.equal(parseSauce(record().subarray(0, 127)), undefined);
});

Deno.test("every field round-trips", () => {
  const comments = ["Drawn for Carrier's login screen.", "  indented second line"];
  const file = concat(
    ART,
    EOF,
    commentBlock(comments),
    record({
      title: "Welcome \x80 Home",
      author: "Zo\x89",
      group: "Carrier BBS",
      date: "20261123",
      fileSize: ART.length,
      dataType: SAUCE_DATA_TYPES.character,
      fileType: SAUCE_CHARACTER_TYPES.ansi,
      tinfo1: 80,
      tinfo2: 25,
      commentCount: 2,
      tflags: 0x01 | (2 << 1) | (2 << 3),
      tinfos: "IBM VGA",
    }),
  );
  assert.deepEqual(parseSauce(file), {
    title: "Welcome Ç Home",
    author: "Zoë",
    group: "Carrier BBS",
    date: "2026-11-23",
    fileSize: ART.length,
    dataType: 1,
    fileType: 1,
    width: 80,
    height: 25,
    iceColors: true,
    letterSpacing: 9,
    aspectRatio: "square",
    font: "IBM VGA",
    comments,
    contentLength: ART.length,
    problems: [],
  });
  assert.deepEqual(stripSauce(file), ART);
});

Deno.test("the other flag values read as stated or not stated", () => {
  const read = (tflags: number) => parseSauce(concat(ART, EOF, record({ tflags })))!;
  assert.deepEqual(
    [read(0).iceColors, read(0).letterSpacing, read(0).aspectRatio],
    [false, undefined, undefined],
  );
  assert.deepEqual([read(1 << 1).letterSpacing, read(1 << 3).aspectRatio], [8, "stretch"]);
  assert.deepEqual([read(3 << 1).letterSpacing, read(3 << 3).aspectRatio], [undefined, undefined]);
});

Deno.test("content ends at the comment block or record when no EOF marker precedes it", () => {
  const bare = concat(ART, record({ fileSize: ART.length }));
  assert.equal(parseSauce(bare)!.contentLength, ART.length);
  assert.deepEqual(parseSauce(bare)!.problems, []);
  assert.deepEqual(stripSauce(bare), ART);
  const commented = concat(ART, commentBlock(["x"]), record({ commentCount: 1 }));
  assert.equal(parseSauce(commented)!.contentLength, ART.length);
  assert.deepEqual(parseSauce(commented)!.comments, ["x"]);
});

Deno.test("only the EOF marker right before the trailer is cut; earlier ones stay content", () => {
  const content = concat(ART, EOF, ART);
  const file = concat(content, EOF, record({ fileSize: content.length }));
  assert.equal(parseSauce(file)!.contentLength, content.length);
  assert.deepEqual(stripSauce(file), content);
});

Deno.test("stripSauce returns a view into the file, not a copy", () => {
  const file = concat(ART, EOF, record());
  const content = stripSauce(file);
  assert.equal(content.buffer, file.buffer);
  assert.equal(content.byteOffset, 0);
  // A file that is itself a view into a bigger buffer reads the same.
  const inside = concat(latin1("before"), file).subarray(6);
  assert.deepEqual(parseSauce(inside), parseSauce(file));
  assert.deepEqual(stripSauce(inside), ART);
});

Deno.test("a comment count reaching before the file start is ignored and reported", () => {
  const file = concat(ART, EOF, commentBlock(["one"]), record({ commentCount: 200 }));
  const sauce = parseSauce(file)!;
  assert.deepEqual(sauce.comments, []);
  assert.ok(sauce.problems.includes("COMMENTS_OUT_OF_RANGE"));
  // The lost block sits between the marker and the record: the first EOF ends the content.
  assert.equal(sauce.contentLength, ART.length);
  assert.deepEqual(stripSauce(file), ART);
});

Deno.test("a comment count with no COMNT block where it points is ignored and reported", () => {
  const lines = ["one", "two", "three"];
  const file = concat(ART, EOF, commentBlock(lines), record({ commentCount: 2 }));
  const sauce = parseSauce(file)!;
  assert.deepEqual(sauce.comments, []);
  assert.ok(sauce.problems.includes("COMMENTS_NOT_FOUND"));
  assert.deepEqual(stripSauce(file), ART);
  // Without any EOF byte the content runs to the record.
  const noEof = concat(ART, record({ commentCount: 1 }));
  assert.equal(parseSauce(noEof)!.contentLength, ART.length);
});

Deno.test("a record cut short is not SAUCE, and the EOF before it still ends the content", () => {
  const file = concat(ART, EOF, record({ title: "Cut" }).subarray(0, 90));
  assert.equal(parseSauce(file), undefined);
  assert.deepEqual(stripSauce(file), ART);
});

Deno.test("blank dates are undefined; invalid ones are also reported", () => {
  const date = (text: string) => parseSauce(concat(ART, record({ date: text })))!;
  assert.equal(date("").date, undefined);
  assert.ok(!date("").problems.includes("DATE_INVALID"));
  assert.ok(!date("00000000").problems.includes("DATE_INVALID"));
  for (const bad of ["20261323", "2026110", "yesterday", "20260100"]) {
    assert.equal(date(bad).date, undefined, bad);
    assert.ok(date(bad).problems.includes("DATE_INVALID"), bad);
  }
  assert.equal(date("19960704").date, "1996-07-04");
});

Deno.test("an unknown version and a wrong file size are read around and reported", () => {
  const sauce = parseSauce(concat(ART, EOF, record({ version: "01", fileSize: 9, title: "T" })))!;
  assert.equal(sauce.title, "T");
  assert.deepEqual(sauce.problems, ["UNKNOWN_VERSION", "FILE_SIZE_MISMATCH"]);
});

Deno.test("width and height come only from types measured in cells", () => {
  const size = (dataType: number, fileType: number) => {
    const sauce = parseSauce(concat(ART, record({ dataType, fileType, tinfo1: 160, tinfo2: 50 })))!;
    return [sauce.width, sauce.height];
  };
  const { character, binaryText, xBin, bitmap } = SAUCE_DATA_TYPES;
  const { ascii, ansi, ripScript, html, tundraDraw } = SAUCE_CHARACTER_TYPES;
  assert.deepEqual(size(character, ascii), [160, 50]);
  assert.deepEqual(size(character, ansi), [160, 50]);
  assert.deepEqual(size(character, tundraDraw), [160, 50]);
  assert.deepEqual(size(character, ripScript), [undefined, undefined]);
  assert.deepEqual(size(character, html), [undefined, undefined]);
  assert.deepEqual(size(xBin, 0), [160, 50]);
  assert.deepEqual(size(binaryText, 80), [160, undefined]);
  assert.deepEqual(size(bitmap, 0), [undefined, undefined]);
  assert.equal(parseSauce(concat(ART, record({ tinfo1: 0 })))!.width, undefined);
});

Deno.test("flags and font apply only to types that define them", () => {
  const fields = { tflags: 0x1f, tinfos: "IBM VGA" };
  const ansi = parseSauce(concat(ART, record(fields)))!;
  assert.equal(ansi.iceColors, true);
  assert.equal(ansi.font, "IBM VGA");
  const rip = parseSauce(
    concat(ART, record({ ...fields, fileType: SAUCE_CHARACTER_TYPES.ripScript })),
  )!;
  assert.deepEqual([rip.iceColors, rip.letterSpacing, rip.aspectRatio, rip.font], [
    false,
    undefined,
    undefined,
    undefined,
  ]);
  const bin = parseSauce(
    concat(ART, record({ ...fields, dataType: SAUCE_DATA_TYPES.binaryText, fileType: 80 })),
  )!;
  assert.equal(bin.iceColors, true);
});

Deno.test("NUL-padded text fields end at the first NUL", () => {
  const bytes = record({ title: "Zero" });
  bytes.fill(0, 7 + 4, 7 + 35);
  bytes[7 + 10] = 0x41; // after the NUL: not part of the title
  assert.equal(parseSauce(concat(ART, bytes))!.title, "Zero");
});

Deno.test("random files ending in a SAUCE id never throw", () => {
  let seed = 0x5a5a;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
  for (let run = 0; run < 2000; run++) {
    const file = new Uint8Array(random() % 600);
    for (let i = 0; i < file.length; i++) file[i] = random() & 0xff;
    if (file.length >= 128 && run % 2 === 0) file.set(latin1("SAUCE"), file.length - 128);
    if (run % 3 === 0 && file.length > 200) file.set(latin1("COMNT"), random() % 200);
    const sauce = parseSauce(file);
    const content = stripSauce(file);
    assert.ok(content.length <= file.length);
    if (sauce) {
      assert.equal(content.length, sauce.contentLength);
      assert.ok(sauce.contentLength <= file.length - 128);
    }
  }
});
