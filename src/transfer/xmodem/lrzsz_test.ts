/**
 * The codecs against the real thing: Debian's lrzsz `sx`/`rx` (XMODEM) and `sb`/`rb` (YMODEM)
 * over their stdin/stdout (`apt-get install -y lrzsz`).
 *
 * lrzsz times out with alarm(), in whole seconds: `rx` and `rb` wait 1 s of silence after each
 * EOT, and `rb` 1 s before each header. So the cases run as concurrent steps of one test
 * (which still checks for leaks), and the suite waits seconds, not minutes.
 */

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { diskSource, DiskTarget, Peer, transfer, writeRandomFile } from "../zmodem/_lrzsz.ts";
import type { FileSource } from "../zmodem/mod.ts";
import { ACK, CAN, EOT, NAK, SOH, STX, SUB, WANT_CRC, WANT_G } from "./constants.ts";
import {
  type XmodemMode,
  XmodemReceiver,
  type XmodemReceiverOptions,
  XmodemSender,
  type XmodemSenderOptions,
} from "./xmodem.ts";
import {
  YmodemReceiver,
  type YmodemReceiverOptions,
  YmodemSender,
  type YmodemSenderOptions,
} from "./ymodem.ts";

const SIZES = [0, 1, 127, 128, 129, 1023, 1024, 1025];
const MIB = 1 << 20;
/** For cancel tests: big enough that the cancel lands mid-file. */
const BIG = 4 << 20;

/** Bytes that look like the protocol: block starts, EOT, ACK/NAK, CAN CAN, SUB runs, 'C', 'G'. */
function protocolBytes(size: number): Uint8Array {
  const pattern = [SOH, 1, 0xfe, STX, EOT, ACK, NAK, CAN, CAN, SUB, SUB, WANT_CRC, WANT_G, 0, 0xff];
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = pattern[i % pattern.length]!;
  return out;
}

type Case = { label: string; write: (path: string) => Promise<void> };

function randomFile(size: number): Case {
  return {
    label: `${size} random bytes`,
    write: (path) => writeRandomFile(path, size, size + 1),
  };
}

/**
 * The sizes around block edges and the protocol look-alikes for every mode; 1 MiB only for
 * 1k blocks (at 128 bytes a block it is 8192 round trips: the bench's business).
 */
function cases(withMib: boolean): Case[] {
  return [
    ...SIZES.map(randomFile),
    {
      label: "4990 bytes of protocol look-alikes ending in SUB",
      write: (path) => Deno.writeFile(path, protocolBytes(4990)),
    },
    ...(withMib ? [randomFile(MIB)] : []),
  ];
}

type Step = { name: string; fn: () => Promise<void> };

/** Runs `steps` at once; the parent test's sanitizers still see every op and resource. */
async function concurrently(t: Deno.TestContext, steps: Step[]): Promise<void> {
  const results = await Promise.all(
    steps.map((step) =>
      t.step({ ...step, sanitizeOps: false, sanitizeResources: false, sanitizeExit: false })
    ),
  );
  assert.ok(results.every(Boolean));
}

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_xmodem_" });
  try {
    await Deno.mkdir(`${dir}/in`);
    await Deno.mkdir(`${dir}/out`);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function trimSub(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === SUB) end--;
  return bytes.subarray(0, end);
}

/**
 * XMODEM cannot carry the length: `got` must be `sent` plus fewer than 128 SUBs, and equal to
 * it modulo trailing SUBs.
 */
async function assertSamePadded(sentPath: string, gotPath: string): Promise<void> {
  const sent = await Deno.readFile(sentPath);
  const got = await Deno.readFile(gotPath);
  assert.equal(sha256(trimSub(got)), sha256(trimSub(sent)), `${gotPath} differs`);
  const padding = got.subarray(sent.length);
  assert.ok(got.length >= sent.length && padding.length < 128, `${padding.length} bytes padding`);
  assert.ok(padding.every((b) => b === SUB), "padding is SUB only");
}

async function assertSameFile(a: string, b: string): Promise<void> {
  assert.equal(sha256(await Deno.readFile(b)), sha256(await Deno.readFile(a)), `${b} differs`);
}

async function withSources<T>(
  paths: string[],
  fn: (sources: FileSource[]) => Promise<T>,
): Promise<T> {
  const sources: (FileSource & Disposable)[] = [];
  try {
    for (const path of paths) sources.push(await diskSource(path));
    return await fn(sources);
  } finally {
    for (const source of sources) source[Symbol.dispose]();
  }
}

/** Our XMODEM sender → `rx args f.bin` in `dir/out`. */
function sendToRx(
  dir: string,
  args: string[],
  options: Partial<XmodemSenderOptions> & {
    onPeer?: (peer: Peer, sender: XmodemSender) => void;
  } = {},
) {
  return withSources([`${dir}/f.bin`], async ([file]) => {
    const peer = new Peer("rx", [...args, "f.bin"], `${dir}/out`);
    const sender = new XmodemSender({ sink: peer.sink, file: file!, ...options });
    options.onPeer?.(peer, sender);
    return await transfer(peer, sender);
  });
}

/** `sx args f.bin` → our XMODEM receiver into `dir/in`. */
async function receiveFromSx(
  dir: string,
  args: string[],
  options: Partial<XmodemReceiverOptions> & {
    onPeer?: (peer: Peer, receiver: XmodemReceiver, target: DiskTarget) => void;
  } = {},
) {
  const peer = new Peer("sx", [...args, "f.bin"], dir);
  const target = new DiskTarget(`${dir}/in`);
  const receiver = new XmodemReceiver({ sink: peer.sink, target, name: "f.bin", ...options });
  options.onPeer?.(peer, receiver, target);
  return { ...(await transfer(peer, receiver)), target };
}

/** Our YMODEM sender → `rb -y args` in `dir/out`. */
function sendToRb(
  dir: string,
  paths: string[],
  args: string[] = [],
  options: Partial<YmodemSenderOptions> & {
    onPeer?: (peer: Peer, sender: YmodemSender) => void;
  } = {},
) {
  return withSources(paths, async (files) => {
    const peer = new Peer("rb", ["-y", ...args], `${dir}/out`);
    const sender = new YmodemSender({ sink: peer.sink, files, ...options });
    options.onPeer?.(peer, sender);
    return await transfer(peer, sender);
  });
}

/** `sb args paths` → our YMODEM receiver into `dir/in`. */
async function receiveFromSb(
  dir: string,
  paths: string[],
  args: string[] = [],
  options: Partial<YmodemReceiverOptions> & {
    onPeer?: (peer: Peer, receiver: YmodemReceiver, target: DiskTarget) => void;
  } = {},
) {
  const peer = new Peer("sb", [...args, ...paths], dir);
  const target = new DiskTarget(`${dir}/in`);
  const receiver = new YmodemReceiver({ sink: peer.sink, target, ...options });
  options.onPeer?.(peer, receiver, target);
  return { ...(await transfer(peer, receiver)), target };
}

const XMODEM_DOWN: { mode: XmodemMode; rx: string[] }[] = [
  { mode: "checksum", rx: [] },
  { mode: "crc", rx: ["-c"] },
  { mode: "1k", rx: ["-c"] },
];

const XMODEM_UP: { mode: XmodemMode; sx: string[] }[] = [
  { mode: "checksum", sx: [] },
  { mode: "crc", sx: [] },
  { mode: "crc", sx: ["-k"] },
];

function xmodemSteps(): Step[] {
  const steps: Step[] = [];
  for (const { mode, rx } of XMODEM_DOWN) {
    for (const { label, write } of cases(mode === "1k")) {
      steps.push({
        name: `our ${mode} sender → rx ${rx.join(" ")}: ${label} arrive, padded with SUB only`,
        fn: () =>
          inTempDir(async (dir) => {
            await write(`${dir}/f.bin`);
            const { report, code, stderr } = await sendToRx(dir, rx, { mode });
            assert.equal(report.ok, true, report.error?.message);
            assert.equal(code, 0, stderr);
            await assertSamePadded(`${dir}/f.bin`, `${dir}/out/f.bin`);
          }),
      });
    }
  }
  for (const { mode, sx } of XMODEM_UP) {
    for (const { label, write } of cases(sx.length > 0)) {
      steps.push({
        name: `sx ${sx.join(" ")} → our ${mode} receiver: ${label} arrive, padded with SUB only`,
        fn: () =>
          inTempDir(async (dir) => {
            await write(`${dir}/f.bin`);
            const { report, code, stderr } = await receiveFromSx(dir, sx, { mode });
            assert.equal(report.ok, true, report.error?.message);
            assert.equal(code, 0, stderr);
            await assertSamePadded(`${dir}/f.bin`, `${dir}/in/f.bin`);
          }),
      });
    }
  }
  steps.push({
    name: "sx -k → our receiver told the size: the file arrives exact",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/f.bin`, 5000, 9);
        const { report } = await receiveFromSx(dir, ["-k"], { size: 5000 });
        assert.equal(report.ok, true, report.error?.message);
        await assertSameFile(`${dir}/f.bin`, `${dir}/in/f.bin`);
      }),
  });
  steps.push({
    name: "rx making CRC errors on purpose (--errors): our resends repair them",
    fn: () =>
      inTempDir(async (dir) => {
        // rx waits for a quiet second after each error, so only a few of them.
        await writeRandomFile(`${dir}/f.bin`, 100_000, 11);
        const { report, code, stderr } = await sendToRx(dir, ["-c", "--errors", "40000"], {
          mode: "1k",
        });
        assert.equal(report.ok, true, report.error?.message);
        assert.equal(code, 0, stderr);
        await assertSamePadded(`${dir}/f.bin`, `${dir}/out/f.bin`);
      }),
  });
  steps.push({
    name: "our receiver cancels mid-upload: sx stops with an error, nothing is published",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/f.bin`, BIG);
        const up = await receiveFromSx(dir, ["-k"], {
          onPeer: (_peer, receiver, target) => {
            target.onWrite = (n) => n >= 128 * 1024 && receiver.cancel("the sysop said no");
          },
        });
        assert.equal(up.report.error?.message, "XMODEM receive aborted: the sysop said no");
        assert.notEqual(up.code, 0);
        assert.deepEqual(up.target.log.finished, [{ name: "f.bin", ok: false }]);
        assert.ok(!Deno.readDirSync(`${dir}/in`).some((e) => e.name === "f.bin"));
      }),
  });
  steps.push({
    name: "sx interrupted mid-upload cancels; our receiver reports CAN CAN",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/f.bin`, BIG);
        const up = await receiveFromSx(dir, ["-k"], {
          onPeer: (peer, _receiver, target) => {
            target.onWrite = (n) => n >= 128 * 1024 && peer.child.kill("SIGINT");
          },
        });
        assert.equal(
          up.report.error?.message,
          "XMODEM receive aborted: the sender cancelled (CAN CAN)",
        );
        assert.deepEqual(up.target.log.finished, [{ name: "f.bin", ok: false }]);
      }),
  });
  steps.push({
    name: "our sender cancels mid-download: rx stops with an error",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/f.bin`, BIG);
        let sender: XmodemSender | undefined;
        const down = await sendToRx(dir, ["-c"], {
          mode: "1k",
          onPeer: (_peer, ours) => sender = ours,
          onProgress: (_file, offset) => offset >= 128 * 1024 && sender?.cancel("time is up"),
        });
        assert.equal(down.report.error?.message, "XMODEM send aborted: time is up");
        assert.notEqual(down.code, 0);
      }),
  });
  steps.push({
    name: "rx interrupted mid-download cancels; our sender reports CAN CAN",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/f.bin`, BIG);
        let rx: Peer | undefined;
        const down = await sendToRx(dir, ["-c"], {
          mode: "1k",
          onPeer: (peer) => rx = peer,
          onProgress: (_file, offset) => offset >= 128 * 1024 && rx?.child.kill("SIGINT"),
        });
        assert.equal(
          down.report.error?.message,
          "XMODEM send aborted: the receiver cancelled (CAN CAN)",
        );
      }),
  });
  return steps;
}

async function mtimeSeconds(path: string): Promise<number> {
  return Math.floor((await Deno.stat(path)).mtime!.getTime() / 1000);
}

function ymodemSteps(): Step[] {
  const steps: Step[] = [];
  for (const { label, write } of cases(true)) {
    steps.push({
      name: `our sender → rb: ${label} arrive with name, exact length and mtime`,
      fn: () =>
        inTempDir(async (dir) => {
          await write(`${dir}/f.bin`);
          const { report, code, stderr } = await sendToRb(dir, [`${dir}/f.bin`]);
          assert.equal(report.ok, true, report.error?.message);
          assert.equal(code, 0, stderr);
          await assertSameFile(`${dir}/f.bin`, `${dir}/out/f.bin`);
          assert.equal(await mtimeSeconds(`${dir}/out/f.bin`), await mtimeSeconds(`${dir}/f.bin`));
        }),
    });
  }
  for (const sb of [["-k"], []]) {
    for (const { label, write } of cases(sb.length > 0)) {
      steps.push({
        name: `sb ${sb.join(" ")} → our receiver: ${label} arrive with name and exact length`,
        fn: () =>
          inTempDir(async (dir) => {
            await write(`${dir}/f.bin`);
            const { report, code, stderr, target } = await receiveFromSb(dir, ["f.bin"], sb);
            assert.equal(report.ok, true, report.error?.message);
            assert.equal(code, 0, stderr);
            const size = (await Deno.stat(`${dir}/f.bin`)).size;
            assert.deepEqual(report.files, [{ name: "f.bin", status: "done", from: 0, to: size }]);
            assert.equal(target.log.opened[0]!.size, size);
            await assertSameFile(`${dir}/f.bin`, `${dir}/in/f.bin`);
          }),
      });
    }
  }
  const names = ["one.txt", "two.bin", "three.dat"];
  const writeThree = async (dir: string) => {
    for (const [i, name] of names.entries()) {
      await writeRandomFile(`${dir}/${name}`, 1000 + i * 70_001, i + 20);
    }
  };
  steps.push({
    name: "a batch of three files to rb keeps names, lengths and mtimes",
    fn: () =>
      inTempDir(async (dir) => {
        await writeThree(dir);
        const down = await sendToRb(dir, names.map((name) => `${dir}/${name}`));
        assert.equal(down.report.ok, true, down.report.error?.message);
        assert.deepEqual(down.report.files.map((f) => f.status), ["done", "done", "done"]);
        for (const name of names) {
          await assertSameFile(`${dir}/${name}`, `${dir}/out/${name}`);
          assert.equal(
            await mtimeSeconds(`${dir}/out/${name}`),
            await mtimeSeconds(`${dir}/${name}`),
          );
        }
      }),
  });
  for (const streaming of [false, true]) {
    steps.push({
      name: `a batch of three files from sb keeps names, lengths and mtimes${
        streaming ? " (YMODEM-g)" : ""
      }`,
      fn: () =>
        inTempDir(async (dir) => {
          await writeThree(dir);
          const up = await receiveFromSb(dir, names, ["-k"], { streaming });
          assert.equal(up.report.ok, true, up.report.error?.message);
          assert.deepEqual(up.report.files.map((f) => f.name), names);
          for (const [i, name] of names.entries()) {
            await assertSameFile(`${dir}/${name}`, `${dir}/in/${name}`);
            const info = up.target.log.opened[i]!;
            assert.equal(info.size, (await Deno.stat(`${dir}/${name}`)).size);
            assert.equal(info.mtime!.getTime() / 1000, await mtimeSeconds(`${dir}/${name}`));
          }
        }),
    });
  }
  steps.push({
    name: "a file our target skips is received and dropped; the rest of sb's batch arrives",
    fn: () =>
      inTempDir(async (dir) => {
        for (const name of ["keep", "skip"]) await writeRandomFile(`${dir}/${name}`, 5000);
        const target = new DiskTarget(`${dir}/in`, { skip: (name) => name === "skip" });
        const up = await receiveFromSb(dir, ["skip", "keep"], ["-k"], { target });
        assert.equal(up.report.ok, true, up.report.error?.message);
        assert.deepEqual(up.report.files.map((f) => f.status), ["skipped", "done"]);
        await assertSameFile(`${dir}/keep`, `${dir}/in/keep`);
      }),
  });
  steps.push({
    name: "our receiver cancels mid-upload: sb stops with an error, nothing is published",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/big`, BIG);
        const up = await receiveFromSb(dir, ["big"], ["-k"], {
          onPeer: (_peer, receiver, target) => {
            target.onWrite = (n) => n >= 128 * 1024 && receiver.cancel("the sysop said no");
          },
        });
        assert.equal(up.report.error?.message, "YMODEM receive aborted: the sysop said no");
        assert.notEqual(up.code, 0);
        assert.deepEqual(up.target.log.finished, [{ name: "big", ok: false }]);
        assert.ok(!Deno.readDirSync(`${dir}/in`).some((e) => e.name === "big"));
      }),
  });
  steps.push({
    name: "sb interrupted mid-upload cancels; our receiver reports CAN CAN",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/big`, BIG);
        const up = await receiveFromSb(dir, ["big"], ["-k"], {
          onPeer: (peer, _receiver, target) => {
            target.onWrite = (n) => n >= 128 * 1024 && peer.child.kill("SIGINT");
          },
        });
        assert.equal(
          up.report.error?.message,
          "YMODEM receive aborted: the sender cancelled (CAN CAN)",
        );
        assert.deepEqual(up.target.log.finished, [{ name: "big", ok: false }]);
      }),
  });
  steps.push({
    name: "our sender cancels mid-download: rb stops with an error",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/big`, BIG);
        let sender: YmodemSender | undefined;
        const down = await sendToRb(dir, [`${dir}/big`], [], {
          onPeer: (_peer, ours) => sender = ours,
          onProgress: (_file, offset) => offset >= 128 * 1024 && sender?.cancel("time is up"),
        });
        assert.equal(down.report.error?.message, "YMODEM send aborted: time is up");
        assert.notEqual(down.code, 0);
      }),
  });
  steps.push({
    name: "rb interrupted mid-download cancels; our sender reports CAN CAN",
    fn: () =>
      inTempDir(async (dir) => {
        await writeRandomFile(`${dir}/big`, BIG);
        let rb: Peer | undefined;
        const down = await sendToRb(dir, [`${dir}/big`], [], {
          onPeer: (peer) => rb = peer,
          onProgress: (_file, offset) => offset >= 128 * 1024 && rb?.child.kill("SIGINT"),
        });
        assert.equal(
          down.report.error?.message,
          "YMODEM send aborted: the receiver cancelled (CAN CAN)",
        );
      }),
  });
  return steps;
}

Deno.test("XMODEM and YMODEM against lrzsz sx, rx, sb and rb", async (t) => {
  // The slowest step, three files to rb, waits out 7 of lrzsz's one-second alarms.
  await concurrently(t, [...xmodemSteps(), ...ymodemSteps()]);
});
