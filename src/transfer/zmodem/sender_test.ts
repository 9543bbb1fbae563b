import assert from "node:assert/strict";
import {
  CANCEL_SEQUENCE,
  CANFC32,
  CANFDX,
  CANOVIO,
  ZACK,
  ZBIN,
  ZBIN32,
  ZCRC,
  ZCRCE,
  ZCRCG,
  ZCRCQ,
  ZCRCW,
  ZDATA,
  ZEOF,
  ZFILE,
  ZFIN,
  ZRINIT,
  ZRPOS,
  ZRQINIT,
  ZSKIP,
} from "./constants.ts";
import { FakeClock, settle } from "./_fake_clock.ts";
import { crc32 } from "./crc.ts";
import { concat, memorySource, randomBytes, RecordingSink, Script, type Sent } from "./_script.ts";
import { flagsValue } from "./header.ts";
import { type FileSource, ZmodemSender, type ZmodemSenderOptions } from "./sender.ts";

const s = new Script();
const STREAMING = flagsValue(CANFDX | CANOVIO | CANFC32);

function setup(files: FileSource[], options: Partial<ZmodemSenderOptions> = {}) {
  const sink = new RecordingSink();
  const clock = new FakeClock();
  const sender = new ZmodemSender({ sink, files, timers: clock, announce: false, ...options });
  const done = sender.start();
  return { sink, clock, sender, done };
}

/** Pushes each frame as the receiver's next answer, letting the sender act on each. */
async function reply(sender: ZmodemSender, ...frames: Uint8Array[]): Promise<void> {
  await settle();
  for (const frame of frames) {
    sender.push(frame);
    await settle();
  }
}

/** The data a receiver would keep from the subpackets sent after the last ZDATA at `from`. */
function dataAfter(frames: Sent[], from = 0): Uint8Array {
  let start = -1;
  frames.forEach((f, i) => {
    if ("header" in f && f.header === ZDATA && f.value === from) start = i;
  });
  const parts: Uint8Array[] = [];
  for (const f of frames.slice(start + 1)) {
    if (!("data" in f)) break;
    parts.push(f.data);
    if (f.end === ZCRCE || f.end === ZCRCW) break;
  }
  return concat(...parts);
}

Deno.test("a download streams ZCRCG subpackets and ends ZCRCE, ZEOF, ZFIN, OO", async () => {
  const data = randomBytes(20_000);
  const { sink, sender, done } = setup([memorySource("a.bin", data)]);
  await reply(sender, s.hex(ZRINIT, STREAMING));
  await reply(sender, s.hex(ZRPOS, 0));
  await reply(sender, s.hex(ZRINIT, STREAMING));
  await reply(sender, s.hex(ZFIN));
  const report = await done;
  assert.equal(report.ok, true, report.error?.message);
  assert.deepEqual(report.files, [{ name: "a.bin", status: "done", from: 0, to: 20_000 }]);
  const headers = sink.frames.filter((f) => "header" in f);
  assert.deepEqual(headers.map((f) => "header" in f && f.header), [
    ZRQINIT,
    ZFILE,
    ZDATA,
    ZEOF,
    ZFIN,
  ]);
  assert.ok(headers.slice(1, 4).every((f) => "form" in f && f.form === ZBIN32));
  const subs = sink.frames.filter((f): f is { data: Uint8Array; end: number } => "data" in f);
  assert.equal(subs[0]!.end, ZCRCW); // ZFILE info
  assert.deepEqual(subs.slice(1, -1).map((f) => f.end), [ZCRCG, ZCRCG]);
  assert.equal(subs.at(-1)!.end, ZCRCE);
  assert.deepEqual(dataAfter(sink.frames), data);
  assert.deepEqual(sink.bytes.subarray(-2), new Uint8Array([0x4f, 0x4f]));
});

Deno.test("without CANFC32 the sender uses CRC-16 headers", async () => {
  const { sink, sender, done } = setup([memorySource("b", randomBytes(10))]);
  await reply(sender, s.hex(ZRINIT, flagsValue(CANFDX | CANOVIO)));
  await reply(sender, s.hex(ZRPOS, 0), s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  const file = sink.frames.find((f) => "header" in f && f.header === ZFILE);
  assert.equal(file && "form" in file && file.form, ZBIN);
  assert.deepEqual(dataAfter(sink.frames), randomBytes(10));
});

Deno.test("a ZRPOS mid-stream resends from that offset with smaller subpackets", async () => {
  const data = randomBytes(200_000);
  const { sink, sender, done } = setup([memorySource("c", data)], { maxSubpacket: 8192 });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  await reply(sender, s.hex(ZRPOS, 16384));
  await reply(sender, s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.deepEqual(dataAfter(sink.frames, 16384), data.subarray(16384));
  const restart = sink.frames.findIndex((f) =>
    "header" in f && f.header === ZDATA && f.value === 16384
  );
  const next = sink.frames[restart + 1];
  assert.ok(next && "data" in next && next.data.length === 4096, "subpackets halve after an error");
});

Deno.test("a ZRPOS while streaming drops unsent frames and restarts there", async () => {
  const data = randomBytes(600_000);
  const sink = new RecordingSink();
  sink.slow = true;
  const sender = new ZmodemSender({
    sink,
    files: [memorySource("c2", data)],
    announce: false,
    window: 0,
  });
  const done = sender.start();
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  for (let i = 0; i < 5; i++) await settle();
  const sentBefore = sink.bytes.length;
  assert.ok(sentBefore > 0 && sentBefore < 400_000, `${sentBefore} bytes out before the ZRPOS`);
  sink.hunt();
  sender.push(s.hex(ZRPOS, 8192));
  for (let i = 0; i < 1000 && !sink.headers.some(([t]) => t === ZEOF); i++) await settle();
  await reply(sender, s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.deepEqual(dataAfter(sink.frames, 8192), data.subarray(8192));
});

Deno.test("streaming stops a window ahead of the last ZACK and goes on when one comes", async () => {
  const data = randomBytes(300_000);
  const { sink, sender, done } = setup([memorySource("w", data)], { window: 65536 });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  const asked = () => sink.frames.filter((f) => "end" in f && f.end === ZCRCQ).length;
  const sent = () => dataAfter(sink.frames).length;
  assert.equal(sent(), 65536);
  assert.equal(asked(), 4, "a ZCRCQ every quarter window");
  await reply(sender, s.hex(ZACK, 32768));
  assert.equal(sent(), 32768 + 65536);
  await reply(sender, s.hex(ZACK, 300_000));
  await reply(sender, s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.deepEqual(dataAfter(sink.frames), data);
});

Deno.test("after going back, the sender asks for ZACKs again from the new offset", async () => {
  const { sink, sender } = setup([memorySource("y", randomBytes(300_000))], { window: 65536 });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0), s.hex(ZACK, 40960));
  sink.hunt();
  await reply(sender, s.hex(ZRPOS, 8192));
  const restart = sink.frames.findLastIndex((f) => "header" in f && f.header === ZDATA);
  assert.deepEqual(sink.frames[restart], { header: ZDATA, value: 8192, form: ZBIN32 });
  const asks = sink.frames.slice(restart).filter((f) => "end" in f && f.end === ZCRCQ);
  // Subpackets are 4 KiB after the error: the 4th one (16 KiB, a quarter window) asks.
  const ends = sink.frames.slice(restart + 1).map((f) => "end" in f && f.end);
  assert.deepEqual(ends.slice(0, 8), [ZCRCG, ZCRCG, ZCRCG, ZCRCQ, ZCRCG, ZCRCG, ZCRCG, ZCRCQ]);
  assert.ok(asks.length >= 4);
  sender.hangUp();
});

Deno.test("a lost ZACK: after a timeout the sender goes back to the last acknowledged offset", async () => {
  const data = randomBytes(100_000);
  const { sink, clock, sender, done } = setup([memorySource("x", data)], {
    window: 65536,
    timeoutMs: 1000,
  });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0), s.hex(ZACK, 16384));
  await clock.advance(1000);
  assert.deepEqual(sink.headers.filter(([t]) => t === ZDATA).at(-1), [ZDATA, 16384]);
  await reply(sender, s.hex(ZACK, 100_000));
  await reply(sender, s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.deepEqual(dataAfter(sink.frames, 16384), data.subarray(16384));
});

Deno.test("a receive buffer size makes segments that end ZCRCW and wait for ZACK", async () => {
  const data = randomBytes(10_000);
  const { sink, sender, done } = setup([memorySource("d", data)]);
  await reply(
    sender,
    s.hex(ZRINIT, flagsValue(CANFDX | CANOVIO | CANFC32) | 4096),
    s.hex(ZRPOS, 0),
  );
  const waits = sink.frames.filter((f) => "end" in f && f.end === ZCRCW).length;
  assert.equal(waits, 2, "ZFILE's subpacket and the first segment");
  assert.ok(!sink.frames.some((f) => "header" in f && f.header === ZDATA && f.value === 4096));
  await reply(sender, s.hex(ZACK, 4096));
  await reply(sender, s.hex(ZACK, 8192));
  await reply(sender, s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  const got = concat(
    dataAfter(sink.frames, 0),
    dataAfter(sink.frames, 4096),
    dataAfter(sink.frames, 8192),
  );
  assert.deepEqual(got, data);
});

Deno.test("ZSKIP moves on to the next file", async () => {
  const { sender, done } = setup([
    memorySource("e", randomBytes(10)),
    memorySource("f", randomBytes(10)),
  ]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZSKIP));
  await reply(sender, s.hex(ZRPOS, 0), s.hex(ZRINIT), s.hex(ZFIN));
  const report = await done;
  assert.deepEqual(report.files.map((f) => f.status), ["skipped", "done"]);
});

Deno.test("a receiver that never answers is given up on after the retries", async () => {
  const { sink, clock, done } = setup([memorySource("g", randomBytes(10))], {
    timeoutMs: 1000,
    retries: 3,
  });
  await clock.advance(10_000);
  const report = await done;
  assert.match(report.error!.message, /no ZRINIT/);
  assert.equal(sink.headers.filter(([t]) => t === ZRQINIT).length, 4);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
  assert.equal(clock.pending, 0);
});

Deno.test("a receiver silent after ZEOF gets ZEOF again, then an abort", async () => {
  const { sink, clock, sender, done } = setup([memorySource("h", randomBytes(10))], {
    timeoutMs: 1000,
    retries: 2,
  });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  await clock.advance(5000);
  const report = await done;
  assert.match(report.error!.message, /no answer after ZRINIT/);
  assert.equal(sink.headers.filter(([t]) => t === ZEOF).length, 3);
  assert.equal(report.files[0]!.status, "failed");
});

Deno.test("CAN×5 from the receiver aborts with its reason", async () => {
  const { sender, done } = setup([memorySource("i", randomBytes(100_000))]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0), CANCEL_SEQUENCE);
  const report = await done;
  assert.match(report.error!.message, /receiver cancelled/);
});

Deno.test("cancel() sends the cancel sequence and reports the reason", async () => {
  const { sink, sender, done } = setup([memorySource("j", randomBytes(100))]);
  await reply(sender, s.hex(ZRINIT, STREAMING));
  sender.cancel("caller ran out of time");
  const report = await done;
  assert.match(report.error!.message, /ran out of time/);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
});

Deno.test("ZRPOS past the end of the file aborts", async () => {
  const { sender, done } = setup([memorySource("k", randomBytes(100))]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 101));
  assert.match((await done).error!.message, /offset 101 of 100/);
});

Deno.test("the same ZRPOS over and over ends the transfer", async () => {
  const { sender, done } = setup([memorySource("l", randomBytes(50_000))], { retries: 4 });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  for (let i = 0; i < 6; i++) await reply(sender, s.hex(ZRPOS, 1024));
  assert.match((await done).error!.message, /too many errors at offset 1024/);
});

Deno.test("escapeIac keeps 0xFF out of the whole stream", async () => {
  const data = new Uint8Array(5000).fill(0xff);
  const { sink, sender, done } = setup([memorySource("m", data)], { escapeIac: true });
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0), s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.ok(!sink.bytes.includes(0xff));
  assert.deepEqual(dataAfter(sink.frames), data);
});

Deno.test("a file that cannot be read aborts with the reason and cancels the receiver", async () => {
  const source: FileSource = {
    name: "n",
    size: 100,
    read: () => Promise.reject(new Error("EIO")),
  };
  const { sink, sender, done } = setup([source]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0));
  const report = await done;
  assert.match(report.error!.message, /cannot read "n": Error: EIO/);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
});

Deno.test("ZCRC after ZFILE is answered with the CRC-32 of the file's first bytes", async () => {
  const data = randomBytes(100_000);
  const { sink, sender, done } = setup([memorySource("crc", data)]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZCRC, 70_000));
  assert.deepEqual(sink.headers.at(-1), [ZCRC, crc32(data.subarray(0, 70_000))]);
  await reply(sender, s.hex(ZSKIP), s.hex(ZFIN));
  assert.equal((await done).ok, true);
});

Deno.test("a file that cannot be read for ZCRC aborts with the reason", async () => {
  const source: FileSource = { name: "r", size: 100, read: () => Promise.reject(new Error("EIO")) };
  const { sink, sender, done } = setup([source]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZCRC, 0));
  const report = await done;
  assert.match(report.error!.message, /cannot read "r": Error: EIO/);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
});

Deno.test("a hang-up ends a ZCRC whose read never finishes", async () => {
  const source: FileSource = { name: "s", size: 100, read: () => new Promise(() => {}) };
  const { sender, done } = setup([source]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZCRC, 0));
  sender.hangUp();
  assert.match((await done).error!.message, /hung up/);
});

Deno.test("a failing connection ends the transfer without throwing", async () => {
  const { sink, sender, done } = setup([memorySource("o", randomBytes(100))]);
  sink.failWith = new Error("EPIPE");
  await reply(sender, s.hex(ZRINIT, STREAMING));
  const report = await done;
  assert.match(report.error!.message, /connection failed/);
});

Deno.test("garbage from the receiver never throws out of push", async () => {
  const { sender, done } = setup([memorySource("p", randomBytes(100))]);
  for (let i = 0; i < 100; i++) sender.push(randomBytes(997, i));
  sender.hangUp();
  assert.equal((await done).ok, false);
});

Deno.test("an empty file is a ZDATA, one empty ZCRCE subpacket and ZEOF 0", async () => {
  const { sink, sender, done } = setup([memorySource("q", new Uint8Array(0))]);
  await reply(sender, s.hex(ZRINIT, STREAMING), s.hex(ZRPOS, 0), s.hex(ZRINIT), s.hex(ZFIN));
  assert.equal((await done).ok, true);
  assert.deepEqual(sink.headers.slice(2, 4), [[ZDATA, 0], [ZEOF, 0]]);
});
