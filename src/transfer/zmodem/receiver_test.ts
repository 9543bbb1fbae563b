import assert from "node:assert/strict";
import {
  CANCEL_SEQUENCE,
  TESCCTL,
  ZACK,
  ZCRCE,
  ZCRCG,
  ZCRCQ,
  ZCRCW,
  ZCRESUM,
  ZDATA,
  ZEOF,
  ZFILE,
  ZFIN,
  ZRINIT,
  ZRPOS,
  ZRQINIT,
  ZSINIT,
  ZSKIP,
} from "./constants.ts";
import { FakeClock, settle } from "./_fake_clock.ts";
import { concat, MemoryTarget, randomBytes, RecordingSink, Script } from "./_script.ts";
import { flagsValue } from "./header.ts";
import { ZmodemReceiver, type ZmodemReceiverOptions } from "./receiver.ts";

const OO = new Uint8Array([0x4f, 0x4f]);

function setup(options: Partial<ZmodemReceiverOptions> = {}) {
  const sink = new RecordingSink();
  const target = new MemoryTarget();
  const clock = new FakeClock();
  const receiver = new ZmodemReceiver({ sink, target, timers: clock, ...options });
  const done = receiver.start();
  return { sink, target, clock, receiver, done };
}

async function feed(receiver: ZmodemReceiver, ...chunks: Uint8Array[]): Promise<void> {
  for (const chunk of chunks) await receiver.push(chunk);
  await settle();
}

/** A whole upload of `data` as sz would send it, subpackets of `blk` bytes. */
function upload(s: Script, name: string, data: Uint8Array, blk = 1024): Uint8Array {
  const parts = [
    s.hex(ZRQINIT),
    s.bin(ZFILE, flagsValue(1)),
    s.sub(s.fileInfo(name, data.length), ZCRCW),
  ];
  parts.push(s.bin(ZDATA, 0));
  for (let at = 0; at < data.length || at === 0; at += blk) {
    const end = Math.min(data.length, at + blk);
    parts.push(s.sub(data.subarray(at, end), end >= data.length ? ZCRCE : ZCRCG));
    if (end >= data.length) break;
  }
  parts.push(s.bin(ZEOF, data.length), s.hex(ZFIN), OO);
  return concat(...parts);
}

Deno.test("an upload arrives whole, split at every offset of the stream", async () => {
  const data = randomBytes(3000);
  const wire = upload(new Script(), "a.bin", data, 700);
  for (let k = 0; k <= wire.length; k += 7) {
    const { sink, target, receiver, done } = setup();
    await feed(receiver, wire.subarray(0, k), wire.subarray(k));
    const report = await done;
    assert.equal(report.ok, true, `split at ${k}: ${report.error?.message}`);
    assert.deepEqual(target.data.view(), data);
    assert.deepEqual(target.finished, [true]);
    assert.deepEqual(report.files, [{ name: "a.bin", status: "done", from: 0, to: 3000 }]);
    assert.deepEqual(sink.headers.map(([t]) => t), [ZRINIT, ZRINIT, ZRPOS, ZRINIT, ZFIN]);
  }
});

Deno.test("CRC-16 frames (a ZBIN sender) are accepted too", async () => {
  const data = randomBytes(5000);
  const { target, receiver, done } = setup();
  await feed(receiver, upload(new Script(false), "b", data));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("a CRC error is answered with ZRPOS at the last good offset, then data resumes", async () => {
  const s = new Script();
  const data = randomBytes(4096);
  const { sink, target, receiver, done } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("c", 4096), ZCRCW), s.bin(ZDATA, 0));
  const bad = s.sub(data.subarray(1024, 2048), ZCRCG);
  bad[100]! ^= 0x01;
  await feed(
    receiver,
    s.sub(data.subarray(0, 1024), ZCRCG),
    bad,
    s.sub(data.subarray(2048, 3072), ZCRCG),
  );
  assert.deepEqual(sink.headers.at(-1), [ZRPOS, 1024]);
  // The sender goes back; the stale subpacket after the bad one was dropped.
  await feed(receiver, s.bin(ZDATA, 1024), s.sub(data.subarray(1024), ZCRCE), s.bin(ZEOF, 4096));
  await feed(receiver, s.hex(ZFIN), OO);
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("an oversized subpacket is refused with ZRPOS, not stored", async () => {
  const s = new Script();
  const { sink, target, receiver, done } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("d", 9000), ZCRCW), s.bin(ZDATA, 0));
  await feed(receiver, s.sub(randomBytes(9000), ZCRCG));
  assert.deepEqual(sink.headers.at(-1), [ZRPOS, 0]);
  assert.equal(target.writes.length, 0);
  const data = randomBytes(9000, 3);
  await feed(receiver, s.bin(ZDATA, 0), s.sub(data.subarray(0, 8192), ZCRCG));
  await feed(receiver, s.sub(data.subarray(8192), ZCRCE), s.bin(ZEOF, 9000), s.hex(ZFIN), OO);
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("ZDATA at the wrong offset gets ZRPOS; ZEOF at the wrong offset is ignored", async () => {
  const s = new Script();
  const { sink, receiver } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("e", 100), ZCRCW), s.bin(ZDATA, 50));
  assert.deepEqual(sink.headers.at(-1), [ZRPOS, 0]);
  const before = sink.headers.length;
  await feed(receiver, s.bin(ZEOF, 100));
  assert.equal(sink.headers.length, before);
  receiver.hangUp();
});

Deno.test("ZCRCQ and ZCRCW are acknowledged with the offset reached", async () => {
  const s = new Script();
  const { sink, receiver } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("f", 300), ZCRCW), s.bin(ZDATA, 0));
  await feed(receiver, s.sub(randomBytes(100), ZCRCQ), s.sub(randomBytes(100), ZCRCW));
  assert.deepEqual(sink.headers.slice(-2), [[ZACK, 100], [ZACK, 200]]);
  receiver.hangUp();
});

Deno.test("a file name with ../ reaches the target raw, the report has it sanitised", async () => {
  const s = new Script();
  const { target, receiver, done } = setup();
  await feed(receiver, upload(s, "../../etc/passwd", randomBytes(10)));
  const report = await done;
  assert.equal(new TextDecoder().decode(target.opened[0]!.name), "../../etc/passwd");
  assert.equal(report.files[0]!.name, "passwd");
});

Deno.test("a declined file gets ZSKIP and the next one is taken", async () => {
  const s = new Script();
  const { sink, target, receiver, done } = setup();
  target.answer = (info) => new TextDecoder().decode(info.name) === "no" ? "skip" : { resumeAt: 0 };
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("no", 10), ZCRCW));
  assert.deepEqual(sink.headers.at(-1), [ZSKIP, 0]);
  await feed(receiver, upload(s, "yes", randomBytes(10)));
  const report = await done;
  assert.deepEqual(report.files.map((f) => f.status), ["skipped", "done"]);
  assert.deepEqual(target.finished, [true]);
});

Deno.test("a resumed file starts with ZRPOS at the length the target holds", async () => {
  const s = new Script();
  const data = randomBytes(2000);
  const { sink, target, receiver, done } = setup();
  target.answer = () => ({ resumeAt: 1500 });
  await feed(receiver, s.bin(ZFILE, flagsValue(ZCRESUM)), s.sub(s.fileInfo("g", 2000), ZCRCW));
  assert.equal(target.opened[0]!.resume, true);
  assert.deepEqual(sink.headers.at(-1), [ZRPOS, 1500]);
  await feed(receiver, s.bin(ZDATA, 1500), s.sub(data.subarray(1500), ZCRCE), s.bin(ZEOF, 2000));
  await feed(receiver, s.hex(ZFIN), OO);
  const report = await done;
  assert.deepEqual(report.files[0], { name: "g", status: "done", from: 1500, to: 2000 });
  assert.deepEqual(target.writes, [{ offset: 1500, length: 500 }]);
});

Deno.test("a resume offset past the file's end aborts with a reason", async () => {
  const s = new Script();
  const { target, receiver, done } = setup();
  target.answer = () => ({ resumeAt: 11 });
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("h", 10), ZCRCW));
  const report = await done;
  assert.equal(report.ok, false);
  assert.match(report.error!.message, /resumeAt 11/);
});

Deno.test("CAN×5 from the sender mid-file aborts cleanly; the part is not published", async () => {
  const s = new Script();
  const { target, receiver, done } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("i", 5000), ZCRCW), s.bin(ZDATA, 0));
  await feed(receiver, s.sub(randomBytes(1000), ZCRCG), CANCEL_SEQUENCE);
  const report = await done;
  assert.equal(report.ok, false);
  assert.equal(report.error?.code, "TRANSFER_ABORTED");
  assert.match(report.error!.message, /sender cancelled/);
  assert.deepEqual(target.finished, [false]);
  assert.equal(report.files[0]!.status, "failed");
});

Deno.test("cancel() sends CAN×8 BS×10 and finishes the open file as failed", async () => {
  const s = new Script();
  const { sink, target, receiver, done } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("j", 5000), ZCRCW));
  receiver.cancel("sysop pressed a key");
  const report = await done;
  assert.match(report.error!.message, /sysop pressed a key/);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
  assert.deepEqual(target.finished, [false]);
  assert.equal(receiver.push(new Uint8Array([1, 2, 3])), undefined);
});

Deno.test("a sender that stops answering is asked again, then given up on", async () => {
  const s = new Script();
  const { sink, clock, target, receiver, done } = setup({ timeoutMs: 1000, retries: 3 });
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("k", 5000), ZCRCW), s.bin(ZDATA, 0));
  await feed(receiver, s.sub(randomBytes(100), ZCRCG));
  sink.reset();
  await clock.advance(1000); // heard something in the last period: no retry yet
  assert.deepEqual(sink.headers, []);
  await clock.advance(3000);
  assert.deepEqual(sink.headers, [[ZRPOS, 100], [ZRPOS, 100], [ZRPOS, 100]]);
  await clock.advance(1000);
  const report = await done;
  assert.match(report.error!.message, /stopped sending/);
  assert.deepEqual(target.finished, [false]);
  assert.equal(clock.pending, 0);
});

Deno.test("with no sender at all, ZRINIT is repeated and the receiver gives up", async () => {
  const { sink, clock, done } = setup({ timeoutMs: 1000, retries: 2 });
  await clock.advance(10_000);
  const report = await done;
  assert.match(report.error!.message, /offered no file/);
  assert.deepEqual(sink.headers.map(([t]) => t), [ZRINIT, ZRINIT, ZRINIT]);
  assert.equal(clock.pending, 0);
});

Deno.test("garbage never throws, is never stored, and ends in a clear reason", async () => {
  const { receiver, done } = setup({ maxGarbage: 4096, retries: 5 });
  const junk = randomBytes(200_000, 99);
  for (let at = 0; at < junk.length; at += 1000) {
    assert.equal(receiver.push(junk.subarray(at, at + 1000)), undefined);
  }
  const report = await done;
  assert.match(report.error!.message, /too many errors/);
});

Deno.test("ZSINIT with TESCCTL is acknowledged and raw control bytes become noise", async () => {
  const s = new Script(true, { escapeControl: true });
  const { sink, target, receiver, done } = setup();
  await feed(receiver, s.bin(ZSINIT, flagsValue(TESCCTL)), s.sub(new Uint8Array(1), ZCRCW));
  assert.deepEqual(sink.headers.at(-1), [ZACK, 1]);
  const data = randomBytes(100);
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("l", 100), ZCRCW), s.bin(ZDATA, 0));
  // A raw ESC in the stream is dropped, as lrzsz does under escaping.
  await feed(receiver, new Uint8Array([0x1b]), s.sub(data, ZCRCE), s.bin(ZEOF, 100));
  await feed(receiver, s.hex(ZFIN), OO);
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("a slow target holds input back: push returns a promise and memory stays bounded", async () => {
  const s = new Script();
  const { target, receiver, done } = setup();
  let open: () => void = () => {};
  target.gate = new Promise((resolve) => open = resolve);
  const data = randomBytes(512 * 1024);
  const wire = upload(s, "m", data, 8192);
  let firstBlockAt = -1;
  for (let at = 0; at < wire.length; at += 16384) {
    const pending = receiver.push(wire.subarray(at, at + 16384));
    if (!pending) continue;
    if (firstBlockAt < 0 && target.writes.length > 0) {
      firstBlockAt = at;
      await settle();
      // (An earlier, short wait was for open().) One write in flight and one 64 KiB buffer
      // full behind it; no more input taken.
      assert.equal(target.writes.length, 1, JSON.stringify(target.writes));
      open();
    }
    await pending;
  }
  assert.ok(firstBlockAt > 0 && firstBlockAt < 200_000, `blocked after ${firstBlockAt} bytes`);
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("a sender ending the session mid-file is an abort, not a success", async () => {
  const s = new Script();
  const { target, receiver, done } = setup();
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("n", 100), ZCRCW), s.bin(ZDATA, 0));
  await feed(receiver, s.sub(randomBytes(10), ZCRCE), s.hex(ZFIN));
  const report = await done;
  assert.match(report.error!.message, /middle of a file/);
  assert.deepEqual(target.finished, [false]);
});

Deno.test("a target that fails to open aborts with its reason and cancels the sender", async () => {
  const s = new Script();
  const { sink, target, receiver, done } = setup();
  target.open = () => Promise.reject(new Error("disk full"));
  await feed(receiver, s.bin(ZFILE), s.sub(s.fileInfo("o", 100), ZCRCW));
  const report = await done;
  assert.match(report.error!.message, /disk full/);
  assert.deepEqual(sink.chunks.at(-1), CANCEL_SEQUENCE);
});
