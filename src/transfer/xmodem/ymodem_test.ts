import assert from "node:assert/strict";
import { FakeClock, settle } from "../zmodem/_fake_clock.ts";
import { memorySource, MemoryTarget, randomBytes } from "../zmodem/_script.ts";
import type { FileSource, TransferReport } from "../zmodem/mod.ts";
import { BlockReader, EVENT_BLOCK, EVENT_EOT } from "./block.ts";
import { ACK, CANCEL_SEQUENCE, EOT, NAK, SOH, STX, WANT_CRC, WANT_G } from "./constants.ts";
import { block, type Codec, concat, runToEnd, runWithoutTime, Wire } from "./_wire.ts";
import {
  YmodemReceiver,
  type YmodemReceiverOptions,
  YmodemSender,
  type YmodemSenderOptions,
} from "./ymodem.ts";

const encoder = new TextEncoder();
const bytes = (...values: number[]) => new Uint8Array(values);

/** Block 0 carrying `text` ("name\0size mtime mode"), NUL-padded. */
function header(text: string, size: 128 | 1024 = 128): Uint8Array {
  return block(0, encoder.encode(text), { size, pad: 0 });
}

/** A file as a YMODEM sender sends it: header, 1k/128 blocks, EOT twice. */
function file(name: string, data: Uint8Array): Uint8Array {
  const parts = [header(`${name}\0${data.length} 14371573225 100644`)];
  let n = 1;
  for (let at = 0; at < data.length; n++) {
    const size = data.length - at > 896 ? 1024 : 128;
    parts.push(block(n, data.subarray(at, at + size), { size }));
    at += size;
  }
  parts.push(bytes(EOT), bytes(EOT));
  return concat(...parts);
}

function receiver(options: Partial<YmodemReceiverOptions> = {}) {
  const sink = new Wire();
  const target = new MemoryTarget();
  const stored: Uint8Array[] = [];
  const open = target.open.bind(target);
  target.open = (info) => {
    if (target.opened.length > 0) stored.push(target.data.view().slice());
    return open(info);
  };
  const clock = new FakeClock();
  const codec = new YmodemReceiver({ sink, target, timers: clock, ...options });
  const done = codec.start();
  /** Each file's stored bytes, once the batch is over. */
  const files = () => [...stored, target.data.view().slice()];
  return { sink, target, clock, codec, done, files };
}

async function feed(codec: Pick<Codec, "push">, ...chunks: Uint8Array[]): Promise<void> {
  await settle();
  for (const chunk of chunks) {
    await codec.push(chunk);
    await settle();
  }
}

// Receiving (a caller's upload).

Deno.test("a batch split at every offset arrives with names and exact lengths", async () => {
  const a = randomBytes(1500, 1);
  const b = randomBytes(100, 2);
  const wire = concat(file("a.bin", a), file("b.txt", b), header(""));
  for (let k = 0; k <= wire.length; k += 29) {
    const { sink, target, codec, done, files } = receiver();
    await feed(codec, wire.subarray(0, k), wire.subarray(k));
    const report = await done;
    assert.equal(report.ok, true, `split at ${k}: ${report.error?.message}`);
    assert.deepEqual(files(), [a, b]);
    assert.deepEqual(report.files, [
      { name: "a.bin", status: "done", from: 0, to: 1500 },
      { name: "b.txt", status: "done", from: 0, to: 100 },
    ]);
    assert.deepEqual(target.finished, [true, true]);
    // C; header ACK + C, 5 data ACKs (1024 + 4 × 128), EOT NAK + ACK; b the same with one
    // block; then C and the ACK of the empty header.
    const C = WANT_CRC;
    assert.deepEqual(
      [...sink.bytes],
      [C, ACK, C, ACK, ACK, ACK, ACK, ACK, NAK, ACK, C, ACK, C, ACK, NAK, ACK, C, ACK],
    );
  }
});

Deno.test("the header's size, octal mtime and mode reach the target", async () => {
  const { target, codec, done } = receiver();
  await feed(codec, file("x", randomBytes(3)), header(""));
  assert.equal((await done).ok, true);
  const info = target.opened[0]!;
  assert.equal(info.size, 3);
  assert.equal(info.mtime?.getTime(), 0o14371573225 * 1000);
  assert.equal(info.mode, 0o100644);
});

Deno.test("a name with ../ is made safe for the report; the target sees the raw bytes", async () => {
  const { target, codec, done } = receiver();
  await feed(codec, file("../../etc/passwd", randomBytes(10)), header(""));
  const report = await done;
  assert.equal(report.files[0]!.name, "passwd");
  assert.equal(new TextDecoder().decode(target.opened[0]!.name), "../../etc/passwd");
});

Deno.test("a long name comes in a 1k header block", async () => {
  const name = "n".repeat(200);
  const { target, codec, done } = receiver();
  await feed(codec, header(`${name}\x005 0 0`, 1024), block(1, randomBytes(5)));
  await feed(codec, bytes(EOT), bytes(EOT), header(""));
  assert.equal((await done).ok, true);
  assert.equal(target.opened[0]!.name.length, 200);
  assert.equal(target.data.length, 5);
});

Deno.test("an empty batch is one empty header", async () => {
  const { sink, target, codec, done } = receiver();
  await feed(codec, header(""));
  assert.deepEqual(await done, { ok: true, files: [] });
  assert.deepEqual([...sink.bytes], [WANT_CRC, ACK]);
  assert.equal(target.opened.length, 0);
});

Deno.test("a block after the NAKed EOT means the EOT was noise; the file goes on", async () => {
  const data = randomBytes(256);
  const { codec, done, files } = receiver();
  await feed(codec, header("f\x00256"), block(1, data.subarray(0, 128)), bytes(EOT));
  await feed(codec, block(2, data.subarray(128)), bytes(EOT), bytes(EOT), header(""));
  assert.equal((await done).ok, true);
  assert.deepEqual(files(), [data]);
});

Deno.test("a header without a size keeps the padding; data past the size is dropped", async () => {
  const { codec, done, files } = receiver();
  const data = randomBytes(128);
  await feed(codec, header("nosize"), block(1, data.subarray(0, 100)), bytes(EOT), bytes(EOT));
  await feed(codec, header("short\x0050"), block(1, data), block(2, data), bytes(EOT), bytes(EOT));
  await feed(codec, header(""));
  assert.equal((await done).ok, true);
  const [padded, cut] = files();
  assert.equal(padded!.length, 128);
  assert.deepEqual(cut, data.subarray(0, 50));
});

Deno.test("a file the target skips is received and dropped; the batch goes on", async () => {
  const { target, codec, done, files } = receiver();
  target.answer = (info) => info.name[0] === 0x73 /* s */ ? "skip" : { resumeAt: 0 };
  const keep = randomBytes(300, 4);
  await feed(codec, file("skip.me", randomBytes(2000)), file("keep", keep), header(""));
  const report = await done;
  assert.equal(report.ok, true);
  assert.deepEqual(report.files.map((f) => [f.name, f.status]), [
    ["skip.me", "skipped"],
    ["keep", "done"],
  ]);
  assert.deepEqual(files().at(-1), keep);
  assert.deepEqual(target.finished, [true]);
});

Deno.test("a data block where a header belongs aborts: the sender speaks XMODEM", async () => {
  const { sink, codec, done } = receiver();
  await feed(codec, block(1, randomBytes(128)));
  const report = await done;
  assert.equal(
    report.error?.message,
    "YMODEM receive aborted: expected a YMODEM header (block 0), got block 1",
  );
  assert.deepEqual(sink.bytes.subarray(1), CANCEL_SEQUENCE);
});

Deno.test("a YMODEM-g receiver asks with 'G', ACKs only headers and EOT, aborts on a bad block", async () => {
  const data = randomBytes(3000);
  const good = receiver({ streaming: true });
  const wire = file("g", data);
  await feed(good.codec, wire.subarray(0, -1), header(""));
  assert.equal((await good.done).ok, true);
  assert.deepEqual(good.files(), [data]);
  assert.deepEqual([...good.sink.bytes], [WANT_G, ACK, WANT_G, ACK, WANT_G, ACK]);

  const bad = receiver({ streaming: true });
  const broken = block(1, randomBytes(1024), { size: 1024 });
  broken[700]! ^= 1;
  await feed(bad.codec, header("g\x001024"), broken);
  const report = await bad.done;
  assert.equal(
    report.error?.message,
    "YMODEM-g receive aborted: block 1: CRC mismatch; YMODEM-g cannot resend",
  );
});

Deno.test("a silent sender gets 'C' every 10 s, then the receiver gives up", async () => {
  const { sink, clock, done } = receiver();
  const report = await runToEnd(done, clock, 10_000);
  assert.equal(report.error?.message, "YMODEM receive aborted: the sender never started");
  assert.deepEqual([...sink.bytes.subarray(0, 11)], new Array(11).fill(WANT_CRC));
});

// Sending (a caller's download).

function sender(files: FileSource[], options: Partial<YmodemSenderOptions> = {}) {
  const sink = new Wire();
  const clock = new FakeClock();
  const codec = new YmodemSender({ sink, files, timers: clock, ...options });
  const done = codec.start();
  return { sink, clock, codec, done };
}

/** Decodes a sender's output: [start byte, number, data]. */
function decode(wire: Uint8Array): [number, number, Uint8Array][] {
  const reader = new BlockReader();
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

Deno.test("the sender's header, data, EOT dance and closing empty header", async () => {
  const data = randomBytes(1100);
  const source = { ...memorySource("a.bin", data), mtime: new Date(0o14371573225 * 1000) };
  const { sink, codec, done } = sender([source]);
  await feed(codec, bytes(WANT_CRC), bytes(ACK), bytes(WANT_CRC));
  await feed(codec, bytes(ACK), bytes(ACK)); // 1024, then 76 in a 128-byte block
  await feed(codec, bytes(NAK), bytes(ACK), bytes(WANT_CRC), bytes(ACK));
  const report = await done;
  assert.equal(report.ok, true, report.error?.message);
  const sent = decode(sink.bytes);
  assert.deepEqual(
    sent.map(([s, n, d]) => [s, n, d.length]),
    [[SOH, 0, 128], [STX, 1, 1024], [SOH, 2, 128], [EOT, -1, 0], [EOT, -1, 0], [SOH, 0, 128]],
  );
  const info = new TextDecoder().decode(sent[0]![2]).replace(/\0+$/, "");
  assert.equal(info, "a.bin\x001100 14371573225 100644 0 1 1100");
  assert.ok(sent[5]![2].every((b) => b === 0));
  assert.deepEqual(concat(sent[1]![2], sent[2]![2]).subarray(0, 1100), data);
});

Deno.test("a name too long for 128 bytes goes in a 1k header; too long for 1k aborts", async () => {
  const long = sender([memorySource("n".repeat(200), randomBytes(1))]);
  await feed(long.codec, bytes(WANT_CRC));
  assert.equal(long.sink.chunks[0]![0], STX);
  long.codec.hangUp();
  await long.done;

  const huge = sender([memorySource("n".repeat(1100), randomBytes(1))]);
  await feed(huge.codec, bytes(WANT_CRC));
  const report = await huge.done;
  assert.match(report.error!.message, /does not fit in a YMODEM header block/);
  assert.deepEqual(huge.sink.bytes, CANCEL_SEQUENCE);
});

Deno.test("a YMODEM-g sender streams each file and waits only for 'G' and the EOT's ACK", async () => {
  const data = randomBytes(4500); // 4 × 1024, then 404 in four 128-byte blocks
  const { sink, codec, done } = sender([memorySource("g.bin", data)]);
  await feed(codec, bytes(WANT_G));
  assert.deepEqual(decode(sink.bytes).map(([s, n]) => [s, n]), [[SOH, 0]], "header at once");
  await feed(codec, bytes(ACK), bytes(WANT_G));
  const sent = decode(sink.bytes);
  assert.deepEqual(sent.map(([s, n]) => [s, n]).slice(1), [
    [STX, 1],
    [STX, 2],
    [STX, 3],
    [STX, 4],
    [SOH, 5],
    [SOH, 6],
    [SOH, 7],
    [SOH, 8],
    [EOT, -1],
  ]);
  assert.deepEqual(concat(...sent.slice(1, 9).map(([, , d]) => d)).subarray(0, 4500), data);
  await feed(codec, bytes(ACK), bytes(WANT_G));
  const report = await done;
  assert.equal(report.ok, true, report.error?.message);
  assert.equal(decode(sink.bytes).length, 11, "and the empty header");
});

// Both ends in memory.

async function pair(sources: FileSource[], streaming: boolean, faults?: (down: Wire) => void) {
  const clock = new FakeClock();
  const down = new Wire();
  const up = new Wire();
  const target = new MemoryTarget();
  const stored: Uint8Array[] = [];
  const open = target.open.bind(target);
  target.open = (info) => {
    if (target.opened.length > 0) stored.push(target.data.view().slice());
    return open(info);
  };
  const tx = new YmodemSender({ sink: down, files: sources, timers: clock });
  const rx = new YmodemReceiver({ sink: up, target, timers: clock, streaming });
  down.connect(rx);
  up.connect(tx);
  faults?.(down);
  // Without faults nothing may wait for a timeout; with them, time moves on when stuck.
  const run = faults ? (done: Promise<TransferReport>) => runToEnd(done, clock) : runWithoutTime;
  const [sent, received] = await Promise.all([run(tx.start()), run(rx.start())]);
  const files = target.opened.length ? [...stored, target.data.view().slice()] : [];
  return { sent, received, files, down };
}

Deno.test("our sender to our receiver: a batch of every size keeps names and lengths", async () => {
  const sizes = [0, 1, 127, 128, 129, 1023, 1024, 1025, 100_000];
  const datas = sizes.map((size) => randomBytes(size, size + 3));
  for (const streaming of [false, true]) {
    const sources = datas.map((data, i) => memorySource(`f${i}.bin`, data));
    const { sent, received, files } = await pair(sources, streaming);
    assert.equal(sent.ok, true, sent.error?.message);
    assert.equal(received.ok, true, received.error?.message);
    assert.deepEqual(
      received.files.map((f) => [f.name, f.to]),
      sizes.map((s, i) => [`f${i}.bin`, s]),
    );
    assert.deepEqual(files, datas);
  }
});

Deno.test("YMODEM-g streams: the sender does not wait for ACKs", async () => {
  const { sent, down } = await pair([memorySource("s", randomBytes(50_000))], true);
  assert.equal(sent.ok, true);
  // Data blocks leave in 32 KiB batches, with no ACK between them.
  assert.ok(down.chunks.some((chunk) => chunk.length >= 31 * 1029), "a batch of blocks");
});

Deno.test("garbled blocks are resent and the batch still arrives", async () => {
  const data = randomBytes(10_000, 5);
  const { received, files } = await pair([memorySource("r", data)], false, (down) => {
    down.tamper = (chunk, i) => {
      if (i === 2 || i === 7) chunk[100]! ^= 1;
      return chunk;
    };
  });
  assert.equal(received.ok, true, received.error?.message);
  assert.deepEqual(files, [data]);
});
