import assert from "node:assert/strict";
import { FakeClock, settle } from "../zmodem/_fake_clock.ts";
import { memorySource, MemoryTarget, randomBytes } from "../zmodem/_script.ts";
import type { TransferReport } from "../zmodem/mod.ts";
import { BlockReader, EVENT_BLOCK, EVENT_EOT } from "./block.ts";
import { ACK, CAN, CANCEL_SEQUENCE, EOT, NAK, SOH, STX, SUB, WANT_CRC } from "./constants.ts";
import { block, type Codec, concat, runToEnd, runWithoutTime, Wire } from "./_wire.ts";
import {
  type XmodemMode,
  XmodemReceiver,
  type XmodemReceiverOptions,
  XmodemSender,
  type XmodemSenderOptions,
} from "./xmodem.ts";
import { YmodemReceiver, YmodemSender } from "./ymodem.ts";

function receiver(options: Partial<XmodemReceiverOptions> = {}) {
  const sink = new Wire();
  const target = new MemoryTarget();
  const clock = new FakeClock();
  const codec = new XmodemReceiver({ sink, target, timers: clock, ...options });
  const done = codec.start();
  return { sink, target, clock, codec, done };
}

function sender(data: Uint8Array, options: Partial<XmodemSenderOptions> = {}) {
  const sink = new Wire();
  const clock = new FakeClock();
  const codec = new XmodemSender({
    sink,
    file: memorySource("f.bin", data),
    timers: clock,
    ...options,
  });
  const done = codec.start();
  return { sink, clock, codec, done };
}

/** Pushes each chunk after the codec has acted on the one before. */
async function feed(codec: Pick<Codec, "push">, ...chunks: Uint8Array[]): Promise<void> {
  await settle();
  for (const chunk of chunks) {
    await codec.push(chunk);
    await settle();
  }
}

/** The blocks and EOTs in a sender's output, as [first byte, number, data length]. */
function decode(wire: Uint8Array, crc = true): [number, number, Uint8Array][] {
  const reader = new BlockReader();
  reader.crc = crc;
  const out: [number, number, Uint8Array][] = [];
  for (let at = 0; at < wire.length;) {
    const start = wire[at]!;
    const event = reader.read(wire, at);
    at = reader.consumed;
    if (event === EVENT_BLOCK) out.push([start, reader.number, reader.data.slice()]);
    else if (event === EVENT_EOT) out.push([EOT, -1, new Uint8Array(0)]);
  }
  return out;
}

const bytes = (...values: number[]) => new Uint8Array(values);

// Receiving (a caller's upload).

Deno.test("an XMODEM-CRC upload split at every offset arrives with its SUB padding", async () => {
  const data = randomBytes(200);
  const wire = concat(block(1, data.subarray(0, 128)), block(2, data.subarray(128)), EOT);
  for (let k = 0; k <= wire.length; k += 5) {
    const { sink, target, codec, done } = receiver({ name: "UP.BIN" });
    await feed(codec, wire.subarray(0, k), wire.subarray(k));
    const report = await done;
    assert.equal(report.ok, true, `split at ${k}: ${report.error?.message}`);
    const got = target.data.view();
    assert.deepEqual(got.subarray(0, 200), data);
    assert.deepEqual(got.subarray(200), new Uint8Array(56).fill(SUB));
    assert.deepEqual([...sink.bytes], [WANT_CRC, ACK, ACK, ACK]);
    assert.deepEqual(report.files, [{ name: "UP.BIN", status: "done", from: 0, to: 256 }]);
    assert.equal(new TextDecoder().decode(target.opened[0]!.name), "UP.BIN");
  }
});

Deno.test("a receiver told the size cuts the padding off", async () => {
  const data = randomBytes(1100);
  const { target, codec, done } = receiver({ size: 1100 });
  await feed(
    codec,
    block(1, data.subarray(0, 1024), { size: 1024 }),
    block(2, data.subarray(1024)),
  );
  await feed(codec, bytes(EOT));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
  assert.equal(target.opened[0]!.size, 1100);
});

Deno.test("checksum mode starts with NAK and reads checksum blocks", async () => {
  const data = randomBytes(128);
  const { sink, target, codec, done } = receiver({ mode: "checksum" });
  await feed(codec, block(1, data, { crc: false }), bytes(EOT));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
  assert.deepEqual([...sink.bytes], [NAK, ACK, ACK]);
});

Deno.test("an empty file is just EOT", async () => {
  const { sink, target, codec, done } = receiver();
  await feed(codec, bytes(EOT));
  assert.equal((await done).ok, true);
  assert.equal(target.data.length, 0);
  assert.deepEqual(target.finished, [true]);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK]);
});

Deno.test("a resent block is ACKed and dropped", async () => {
  const a = randomBytes(128, 1);
  const b = randomBytes(128, 2);
  const { sink, target, codec, done } = receiver();
  await feed(codec, block(1, a), block(1, a), block(2, b), bytes(EOT));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), concat(a, b));
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK, ACK, ACK, ACK]);
});

Deno.test("a block out of sequence aborts with CANs and publishes nothing", async () => {
  const { sink, target, codec, done } = receiver();
  await feed(codec, block(1, randomBytes(128)), block(3, randomBytes(128)));
  const report = await done;
  assert.equal(report.ok, false);
  assert.equal(
    report.error?.message,
    "XMODEM receive aborted: block 3 arrived out of sequence (expected 2)",
  );
  assert.equal(report.error?.code, "TRANSFER_ABORTED");
  assert.deepEqual(sink.bytes.subarray(-CANCEL_SEQUENCE.length), CANCEL_SEQUENCE);
  assert.deepEqual(target.finished, [false]);
  assert.deepEqual(report.files.map((f) => f.status), ["failed"]);
});

Deno.test("a bad CRC or complement is NAKed once the line is quiet; the resend is taken", async () => {
  const first = randomBytes(128, 1);
  const data = randomBytes(128, 2);
  const badCrc = block(2, data);
  badCrc[50]! ^= 4;
  const badComplement = block(2, data);
  badComplement[2] = 0x00;
  const { sink, target, clock, codec, done } = receiver();
  await feed(codec, block(1, first), badCrc);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK], "no NAK while the line may be busy");
  await feed(codec, bytes(0x55, SOH)); // the rest of a garbled burst is dropped
  await clock.advance(999);
  await feed(codec, bytes(0x77)); // and keeps the line busy
  await clock.advance(999);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK]);
  await clock.advance(1);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK, NAK]);
  await feed(codec, badComplement);
  await clock.advance(1000);
  await feed(codec, block(2, data), bytes(EOT));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), concat(first, data));
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK, NAK, NAK, ACK, ACK]);
});

Deno.test("a bad first block is answered with the start byte again", async () => {
  const bad = block(1, randomBytes(128));
  bad[9]! ^= 1;
  const { sink, clock, codec } = receiver();
  await feed(codec, bad);
  await clock.advance(1000);
  assert.deepEqual([...sink.bytes], [WANT_CRC, WANT_CRC]);
  codec.hangUp();
});

Deno.test("a block that stops short is NAKed after a second of silence", async () => {
  const whole = block(2, randomBytes(128));
  const { sink, clock, codec, done } = receiver();
  await feed(codec, block(1, randomBytes(128)), whole.subarray(0, 60));
  await clock.advance(999);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK]);
  await clock.advance(1);
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK, NAK]);
  await feed(codec, whole, bytes(EOT));
  assert.equal((await done).ok, true);
});

Deno.test("unanswered 'C's fall back to NAK and checksums; then a silent sender is given up", async () => {
  const first = receiver();
  await first.clock.advance(9000);
  assert.deepEqual([...first.sink.bytes], [WANT_CRC, WANT_CRC, WANT_CRC, NAK]);
  const data = randomBytes(128);
  await feed(first.codec, block(1, data, { crc: false }), bytes(EOT));
  assert.equal((await first.done).ok, true);
  assert.deepEqual(first.target.data.view(), data);

  const silent = receiver();
  const report = await runToEnd(silent.done, silent.clock, 10_000);
  assert.equal(report.error?.message, "XMODEM receive aborted: the sender never started");
  const sent = silent.sink.bytes;
  assert.deepEqual([...sent.subarray(0, 4)], [WANT_CRC, WANT_CRC, WANT_CRC, NAK]);
  assert.deepEqual(sent.subarray(-CANCEL_SEQUENCE.length), CANCEL_SEQUENCE);
  assert.equal(silent.clock.pending, 0);
});

Deno.test("a sender that goes quiet mid-file is NAKed every 10 s, then given up", async () => {
  const { sink, clock, codec, done } = receiver();
  await feed(codec, block(1, randomBytes(128)));
  const report = await runToEnd(done, clock, 10_000);
  assert.equal(report.error?.message, "XMODEM receive aborted: the sender stopped sending");
  const naks = sink.bytes.subarray(2, 2 + 10);
  assert.deepEqual([...naks], new Array(10).fill(NAK));
});

Deno.test("noise before the first block is ignored", async () => {
  const data = randomBytes(128);
  const { target, codec, done } = receiver();
  await feed(codec, new TextEncoder().encode("sx: ready\r\n"), block(1, data), bytes(EOT));
  assert.equal((await done).ok, true);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("CAN CAN from the sender ends the upload without an answer", async () => {
  const { sink, target, codec, done } = receiver();
  await feed(codec, block(1, randomBytes(128)), bytes(CAN, CAN));
  const report = await done;
  assert.equal(report.error?.message, "XMODEM receive aborted: the sender cancelled (CAN CAN)");
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK]);
  assert.deepEqual(target.finished, [false]);
});

Deno.test("cancel() tells the sender with CAN×8 BS×10", async () => {
  const { sink, codec, done, clock } = receiver();
  await settle();
  codec.cancel("the sysop said no");
  const report = await done;
  assert.equal(report.error?.message, "XMODEM receive aborted: the sysop said no");
  assert.deepEqual(sink.bytes.subarray(1), CANCEL_SEQUENCE);
  assert.equal(clock.pending, 0);
});

Deno.test("a target that declines or asks to resume ends the transfer", async () => {
  const decliner = new MemoryTarget();
  decliner.answer = () => "skip";
  const sink = new Wire();
  const declined = await new XmodemReceiver({ sink, target: decliner, timers: new FakeClock() })
    .start();
  assert.equal(
    declined.error?.message,
    "XMODEM receive aborted: the file target declined the file",
  );
  assert.deepEqual(sink.bytes, CANCEL_SEQUENCE);

  const resumer = new MemoryTarget();
  resumer.answer = () => ({ resumeAt: 512 });
  const resumed = await new XmodemReceiver({ sink, target: resumer, timers: new FakeClock() })
    .start();
  assert.match(resumed.error!.message, /asked to resume "unnamed" at 512/);
  assert.ok(resumed.error!.cause instanceof RangeError);
  assert.deepEqual(resumer.finished, [false]);
});

Deno.test("a slow target holds back the ACK, not the data", async () => {
  const { sink, target, codec, done } = receiver();
  let open = (): void => {};
  target.gate = new Promise((resolve) => open = resolve);
  const blocks = [];
  for (let n = 1; n <= 130; n++) blocks.push(block(n, randomBytes(1024, n), { size: 1024 }));
  await settle();
  const pushed = codec.push(concat(...blocks));
  await settle();
  // 64 KiB are being written; the next 64 KiB fill the second buffer and wait for the first.
  assert.ok(pushed instanceof Promise);
  assert.equal(sink.bytes.filter((b) => b === ACK).length, 127);
  open();
  await pushed;
  await feed(codec, bytes(EOT));
  assert.equal((await done).ok, true);
  assert.equal(target.data.length, 130 * 1024);
  assert.equal(sink.bytes.filter((b) => b === ACK).length, 131);
});

Deno.test("a cancel while the target is slow writes nothing more before finish(false)", async () => {
  const { target, codec, done } = receiver();
  let open = (): void => {};
  target.gate = new Promise((resolve) => open = resolve);
  const blocks = [];
  for (let n = 1; n <= 130; n++) blocks.push(block(n, randomBytes(1024, n), { size: 1024 }));
  await settle();
  const pushed = codec.push(concat(...blocks));
  await settle();
  assert.ok(pushed instanceof Promise);
  codec.cancel("the caller logged off");
  open();
  await pushed;
  assert.match((await done).error!.message, /the caller logged off/);
  assert.deepEqual(target.writes, [{ offset: 0, length: 64 * 1024 }]);
  assert.deepEqual(target.finished, [false]);
});

Deno.test("a failed write ends the transfer a moment later, unless CAN CAN explains it", async () => {
  const failing = {
    write: (): void => {
      throw new Error("broken pipe");
    },
  };
  const clock = new FakeClock();
  const quiet = new XmodemReceiver({ sink: failing, target: new MemoryTarget(), timers: clock });
  const done = quiet.start();
  await settle();
  await clock.advance(999);
  assert.equal(clock.pending, 2, "the grace timer and the 'C' timer");
  await clock.advance(1);
  assert.equal(
    (await done).error?.message,
    "XMODEM receive aborted: the connection failed: Error: broken pipe",
  );
  assert.equal(clock.pending, 0);

  const told = new XmodemReceiver({ sink: failing, target: new MemoryTarget(), timers: clock });
  const toldDone = told.start();
  await feed(told, bytes(CAN, CAN));
  assert.equal(
    (await toldDone).error?.message,
    "XMODEM receive aborted: the sender cancelled (CAN CAN)",
  );
  assert.equal(clock.pending, 0);
});

// Sending (a caller's download).

Deno.test("the sender waits for 'C', sends CRC blocks one ACK at a time, then EOT", async () => {
  const data = randomBytes(300);
  const { sink, codec, done } = sender(data);
  await feed(codec);
  assert.equal(sink.bytes.length, 0, "nothing before the receiver asks");
  await feed(codec, bytes(WANT_CRC));
  assert.equal(sink.chunks.length, 1);
  for (let i = 0; i < 3; i++) await feed(codec, bytes(ACK));
  await feed(codec, bytes(ACK));
  const report = await done;
  assert.equal(report.ok, true, report.error?.message);
  const sent = decode(sink.bytes);
  assert.deepEqual(sent.map(([s, n]) => [s, n]), [[SOH, 1], [SOH, 2], [SOH, 3], [EOT, -1]]);
  assert.deepEqual(concat(...sent.map(([, , d]) => d)).subarray(0, 300), data);
  assert.deepEqual(report.files, [{ name: "f.bin", status: "done", from: 0, to: 300 }]);
});

Deno.test("a NAK to start means checksum blocks; checksum mode ignores 'C'", async () => {
  const data = randomBytes(128);
  for (const mode of ["crc", "checksum"] as XmodemMode[]) {
    const { sink, codec, done } = sender(data, { mode });
    await feed(codec, bytes(WANT_CRC));
    if (mode === "crc") {
      await feed(codec, bytes(ACK), bytes(ACK));
      assert.equal((await done).ok, true);
      assert.equal(sink.chunks[0]!.length, 133);
      continue;
    }
    assert.equal(sink.bytes.length, 0);
    await feed(codec, bytes(NAK), bytes(ACK), bytes(ACK));
    assert.equal((await done).ok, true);
    assert.equal(sink.chunks[0]!.length, 132);
    assert.deepEqual(decode(sink.chunks[0]!, false)[0]![2], data);
  }
});

Deno.test("1k mode sends STX blocks and the last 896 bytes or less in 128-byte blocks", async () => {
  const data = randomBytes(1024 + 896);
  const { sink, codec, done } = sender(data, { mode: "1k" });
  await feed(codec, bytes(WANT_CRC));
  for (let i = 0; i < 9; i++) await feed(codec, bytes(ACK));
  assert.equal((await done).ok, true);
  const sent = decode(sink.bytes);
  assert.deepEqual(sent.map(([s]) => s), [STX, ...new Array(7).fill(SOH), EOT]);
  assert.deepEqual(concat(...sent.map(([, , d]) => d)), data);
});

Deno.test("1k mode falls back to 128-byte checksum blocks for a NAK receiver", async () => {
  const { sink, codec, done } = sender(randomBytes(2000), { mode: "1k" });
  await feed(codec, bytes(NAK));
  for (let i = 0; i < 17; i++) await feed(codec, bytes(ACK));
  assert.equal((await done).ok, true);
  assert.ok(decode(sink.bytes, false).every(([s]) => s === SOH || s === EOT));
});

Deno.test("NAK or silence resends the block; eleven tries and the sender gives up", async () => {
  const { sink, clock, codec, done } = sender(randomBytes(128));
  await feed(codec, bytes(WANT_CRC), bytes(NAK));
  assert.equal(sink.chunks.length, 2);
  assert.deepEqual(sink.chunks[1], sink.chunks[0]);
  const report = await runToEnd(done, clock, 10_000);
  assert.equal(
    report.error?.message,
    "XMODEM send aborted: block 1 was not acknowledged after 11 tries",
  );
  assert.deepEqual(sink.bytes.subarray(-CANCEL_SEQUENCE.length), CANCEL_SEQUENCE);
  assert.equal(clock.pending, 0);
});

Deno.test("a repeated 'C' resends the first block only", async () => {
  const { sink, codec, done } = sender(randomBytes(256));
  await feed(codec, bytes(WANT_CRC), bytes(WANT_CRC));
  assert.equal(sink.chunks.length, 2, "first block again");
  await feed(codec, bytes(ACK), bytes(WANT_CRC));
  assert.equal(sink.chunks.length, 3, "a stray 'C' after block 1 is ignored");
  await feed(codec, bytes(ACK), bytes(ACK));
  assert.equal((await done).ok, true);
});

Deno.test("CAN CAN from the receiver stops the sender without an answer", async () => {
  const { sink, codec, done } = sender(randomBytes(1000));
  await feed(codec, bytes(WANT_CRC), bytes(ACK), bytes(CAN), bytes(CAN));
  const report = await done;
  assert.equal(report.error?.message, "XMODEM send aborted: the receiver cancelled (CAN CAN)");
  assert.equal(sink.chunks.length, 2);
});

Deno.test("a receiver that never asks is given up after eleven timeouts", async () => {
  const { clock, done } = sender(randomBytes(10));
  const report = await runToEnd(done, clock, 10_000);
  assert.equal(report.error?.message, "XMODEM send aborted: the receiver never asked to start");
});

Deno.test("a size that is not a byte count is refused up front", () => {
  const file = { ...memorySource("x", new Uint8Array(1)), size: -1 };
  assert.throws(() => new XmodemSender({ sink: new Wire(), file }), RangeError);
  assert.throws(
    () => new XmodemReceiver({ sink: new Wire(), target: new MemoryTarget(), size: 1.5 }),
    RangeError,
  );
});

// Both ends in memory.

async function pair(
  data: Uint8Array,
  mode: XmodemMode,
  faults?: (wire: Wire, back: Wire) => void,
) {
  const clock = new FakeClock();
  const down = new Wire();
  const up = new Wire();
  const target = new MemoryTarget();
  const tx = new XmodemSender({ sink: down, file: memorySource("f", data), mode, timers: clock });
  const rx = new XmodemReceiver({ sink: up, target, mode, timers: clock, size: data.length });
  down.connect(rx);
  up.connect(tx);
  faults?.(down, up);
  // Without faults nothing may wait for a timeout; with them, time moves on when stuck.
  const run = faults ? (done: Promise<TransferReport>) => runToEnd(done, clock) : runWithoutTime;
  const [sent, received] = await Promise.all([run(tx.start()), run(rx.start())]);
  return { sent, received, target, clock };
}

Deno.test("our sender to our receiver: every size in every mode arrives", async () => {
  for (const mode of ["checksum", "crc", "1k"] as XmodemMode[]) {
    for (const size of [0, 1, 127, 128, 129, 1023, 1024, 1025, 100_000]) {
      const data = randomBytes(size, size + 1);
      const { sent, received, target, clock } = await pair(data, mode);
      assert.equal(sent.ok && received.ok, true, `${mode} ${size}`);
      assert.deepEqual(target.data.view(), data, `${mode} ${size}`);
      assert.equal(clock.pending, 0);
    }
  }
});

Deno.test("garbled and lost blocks and ACKs are repaired by resends", async () => {
  const data = randomBytes(20_000, 9);
  const { sent, received, target } = await pair(data, "1k", (down, up) => {
    down.tamper = (chunk, i) => {
      if (i === 3) return undefined; // a block lost
      if (i === 6) chunk[500]! ^= 0xff; // a block garbled
      if (i === 9) return chunk.subarray(0, 700); // a block cut short
      return chunk;
    };
    up.tamper = (chunk, i) => (i === 5 ? undefined : chunk); // an ACK lost
  });
  assert.equal(sent.ok, true, sent.error?.message);
  assert.equal(received.ok, true, received.error?.message);
  assert.deepEqual(target.data.view(), data);
});

Deno.test("random bytes never throw out of push, and every session still ends with a report", async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const noise = randomBytes(6000, seed);
    // Sprinkle block starts, EOT, CAN and answers so the state machines get exercised.
    const specials = [SOH, STX, EOT, CAN, ACK, NAK, WANT_CRC, 0x47];
    for (let i = seed % 13; i < noise.length; i += 41) noise[i] = specials[i % specials.length]!;
    const clock = new FakeClock();
    const codecs = [
      new XmodemReceiver({ sink: new Wire(), target: new MemoryTarget(), timers: clock }),
      new YmodemReceiver({ sink: new Wire(), target: new MemoryTarget(), timers: clock }),
      new XmodemSender({ sink: new Wire(), file: memorySource("f", noise), timers: clock }),
      new YmodemSender({ sink: new Wire(), files: [memorySource("f", noise)], timers: clock }),
    ];
    const reports = codecs.map((codec) => codec.start());
    for (const codec of codecs) {
      for (let at = 0; at < noise.length;) {
        const n = 1 + ((at * 31 + seed) % 700);
        await codec.push(noise.subarray(at, at + n));
        at += n;
      }
      codec.hangUp();
    }
    for (const report of await Promise.all(reports)) {
      assert.equal(typeof report.ok, "boolean");
      if (!report.ok) assert.equal(report.error?.code, "TRANSFER_ABORTED");
    }
    await clock.advance(60_000);
    assert.equal(clock.pending, 0, `seed ${seed}: timers left behind`);
  }
});
