/**
 * The codecs against the real thing: Debian's lrzsz `sz` and `rz` over their stdin/stdout.
 * Needs `sz` and `rz` on PATH (`apt-get install -y lrzsz`).
 */

import assert from "node:assert/strict";
import { MemoryTarget, RecordingSink } from "./_script.ts";
import { ZRPOS } from "./constants.ts";
import {
  bitFlipper,
  diskSource,
  DiskTarget,
  escapeHeavyBytes,
  Peer,
  sha256File,
  transfer,
  writeRandomFile,
} from "./_lrzsz.ts";
import { ZmodemReceiver, type ZmodemReceiverOptions } from "./receiver.ts";
import { type FileSource, ZmodemSender, type ZmodemSenderOptions } from "./sender.ts";

const SIZES = [0, 1, 1023, 1024, 1025, 1 << 20, 64 << 20];

async function inTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_zmodem_" });
  try {
    await Deno.mkdir(`${dir}/in`);
    await Deno.mkdir(`${dir}/out`);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Our sender → `rz args` in `dir/out`; returns the report and rz's exit code. */
async function sendToRz(
  dir: string,
  paths: string[],
  rzArgs: string[] = [],
  options: Partial<ZmodemSenderOptions> & {
    onStart?: (sender: ZmodemSender, peer: Peer) => void;
    onChunk?: (bytes: Uint8Array, at: number) => void;
  } = {},
) {
  const sources: (FileSource & Disposable)[] = [];
  try {
    for (const path of paths) sources.push(await diskSource(path));
    const peer = new Peer("rz", ["-b", "-y", ...rzArgs], `${dir}/out`);
    const sender = new ZmodemSender({ sink: peer.sink, files: sources, ...options });
    options.onStart?.(sender, peer);
    return await transfer(peer, sender, options.onChunk);
  } finally {
    for (const source of sources) source[Symbol.dispose]();
  }
}

/** `sz args paths` → our receiver into `dir/in`. */
async function receiveFromSz(
  dir: string,
  paths: string[],
  szArgs: string[] = [],
  options: Partial<ZmodemReceiverOptions> & {
    target?: DiskTarget;
    onPeer?: (peer: Peer, receiver: ZmodemReceiver, target: DiskTarget) => void;
    onChunk?: (bytes: Uint8Array, at: number) => void;
  } = {},
) {
  const peer = new Peer("sz", ["-b", ...szArgs, ...paths], dir);
  const target = options.target ?? new DiskTarget(`${dir}/in`);
  const receiver = new ZmodemReceiver({ sink: peer.sink, target, ...options });
  options.onPeer?.(peer, receiver, target);
  return { ...(await transfer(peer, receiver, options.onChunk)), target };
}

/** Sends `signal` to the peer the first time `when` holds. */
function killWhen(peer: Peer | undefined, signal: Deno.Signal, when: boolean): void {
  if (!when || !peer || killed.has(peer)) return;
  killed.add(peer);
  peer.child.kill(signal);
}
const killed = new WeakSet<Peer>();

async function assertSameFile(a: string, b: string): Promise<void> {
  assert.equal(await sha256File(b), await sha256File(a), `${b} differs from ${a}`);
}

for (const size of SIZES) {
  Deno.test(`our sender → rz: ${size} random bytes arrive intact`, async () => {
    await inTempDir(async (dir) => {
      await writeRandomFile(`${dir}/f.bin`, size, size + 1);
      const { report, code, stderr } = await sendToRz(dir, [`${dir}/f.bin`]);
      assert.equal(report.ok, true, report.error?.message);
      assert.equal(code, 0, stderr);
      await assertSameFile(`${dir}/f.bin`, `${dir}/out/f.bin`);
    });
  });

  Deno.test(`sz → our receiver: ${size} random bytes arrive intact`, async () => {
    await inTempDir(async (dir) => {
      await writeRandomFile(`${dir}/f.bin`, size, size + 2);
      const { report, code, stderr } = await receiveFromSz(dir, [`${dir}/f.bin`]);
      assert.equal(report.ok, true, report.error?.message);
      assert.equal(code, 0, stderr);
      assert.deepEqual(report.files, [{ name: "f.bin", status: "done", from: 0, to: size }]);
      await assertSameFile(`${dir}/f.bin`, `${dir}/in/f.bin`);
    });
  });
}

const ESCAPES: { label: string; ours: object; lrzsz: string[] }[] = [
  { label: "plain", ours: {}, lrzsz: [] },
  { label: "lrzsz -e", ours: {}, lrzsz: ["-e"] },
  { label: "our escapeControl", ours: { escapeControl: true }, lrzsz: [] },
  { label: "our escapeIac", ours: { escapeIac: true }, lrzsz: [] },
];

for (const { label, ours, lrzsz } of ESCAPES) {
  Deno.test(`bytes that all need escaping survive both ways (${label})`, async () => {
    await inTempDir(async (dir) => {
      await Deno.writeFile(`${dir}/esc.bin`, escapeHeavyBytes(100_000));
      const down = await sendToRz(dir, [`${dir}/esc.bin`], lrzsz, ours);
      assert.equal(down.report.ok, true, down.report.error?.message);
      await assertSameFile(`${dir}/esc.bin`, `${dir}/out/esc.bin`);
      const up = await receiveFromSz(dir, [`${dir}/esc.bin`], lrzsz, ours);
      assert.equal(up.report.ok, true, up.report.error?.message);
      await assertSameFile(`${dir}/esc.bin`, `${dir}/in/esc.bin`);
    });
  });
}

Deno.test("a batch of three files goes both ways", async () => {
  await inTempDir(async (dir) => {
    const names = ["one.txt", "two.bin", "three.dat"];
    for (const [i, name] of names.entries()) {
      await writeRandomFile(`${dir}/${name}`, 1000 + i * 70_000, i + 10);
    }
    const paths = names.map((n) => `${dir}/${n}`);
    const down = await sendToRz(dir, paths);
    assert.equal(down.report.ok, true, down.report.error?.message);
    assert.deepEqual(down.report.files.map((f) => f.status), ["done", "done", "done"]);
    const up = await receiveFromSz(dir, paths);
    assert.equal(up.report.ok, true, up.report.error?.message);
    assert.deepEqual(up.report.files.map((f) => f.name), names);
    for (const name of names) {
      await assertSameFile(`${dir}/${name}`, `${dir}/out/${name}`);
      await assertSameFile(`${dir}/${name}`, `${dir}/in/${name}`);
    }
  });
});

Deno.test("a file the target declines is skipped; the rest of the batch arrives", async () => {
  await inTempDir(async (dir) => {
    for (const name of ["keep", "skip"]) await writeRandomFile(`${dir}/${name}`, 5000);
    const target = new DiskTarget(`${dir}/in`, { skip: (name) => name === "skip" });
    const up = await receiveFromSz(dir, [`${dir}/skip`, `${dir}/keep`], [], { target });
    assert.equal(up.report.ok, true, up.report.error?.message);
    assert.deepEqual(up.report.files.map((f) => f.status), ["skipped", "done"]);
    await assertSameFile(`${dir}/keep`, `${dir}/in/keep`);
  });
});

Deno.test("our receiver cancels mid-upload: sz stops, nothing is published", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 8 << 20);
    const up = await receiveFromSz(dir, [`${dir}/big`], [], {
      onPeer: (_peer, receiver, target) => {
        target.onWrite = (n) => n >= 256 * 1024 && receiver.cancel("the sysop said no");
      },
    });
    assert.equal(up.report.ok, false);
    assert.match(up.report.error!.message, /the sysop said no/);
    assert.notEqual(up.code, 0);
    assert.deepEqual(up.target.log.finished, [{ name: "big", ok: false }]);
    assert.deepEqual([...Deno.readDirSync(`${dir}/in`)].map((e) => e.name), ["big.part"]);
  });
});

// sz ignores SIGINT and SIGQUIT (it may run on a terminal whose ^C is data); SIGTERM makes it
// send the cancel sequence and exit.
Deno.test("sz terminated mid-upload cancels; our receiver reports it and publishes nothing", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 8 << 20);
    const up = await receiveFromSz(dir, [`${dir}/big`], [], {
      onPeer: (peer, _receiver, target) => {
        target.onWrite = (n) => killWhen(peer, "SIGTERM", n >= 256 * 1024);
      },
    });
    assert.equal(up.report.ok, false);
    assert.match(up.report.error!.message, /the sender cancelled \(CAN×5\)/);
    assert.deepEqual(up.target.log.finished, [{ name: "big", ok: false }]);
    assert.ok(!Deno.readDirSync(`${dir}/in`).some((e) => e.name === "big"));
  });
});

Deno.test("our sender cancels mid-download: rz stops with an error", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 8 << 20);
    let sender: ZmodemSender | undefined;
    const down = await sendToRz(dir, [`${dir}/big`], [], {
      onStart: (s) => sender = s,
      onProgress: (_file, offset) => offset >= 256 * 1024 && sender?.cancel("download time is up"),
    });
    assert.equal(down.report.ok, false);
    assert.match(down.report.error!.message, /download time is up/);
    assert.notEqual(down.code, 0);
  });
});

Deno.test("rz interrupted mid-download cancels; our sender reports it", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 8 << 20);
    let rz: Peer | undefined;
    const fromRz: number[] = [];
    const down = await sendToRz(dir, [`${dir}/big`], [], {
      onStart: (_sender, peer) => rz = peer,
      onChunk: (bytes) => fromRz.push(...bytes),
      onProgress: (_file, offset) => killWhen(rz, "SIGINT", offset >= 256 * 1024),
    });
    assert.equal(down.report.ok, false);
    assert.ok(fromRz.join().includes("24,24,24,24,24,24,24,24"), "rz sent the cancel sequence");
    // rz exits right after its CANs: our next write may fail before they are read.
    assert.match(down.report.error!.message, /the receiver cancelled \(CAN×5\)|Broken pipe/);
  });
});

Deno.test("an upload cut by killing sz resumes from the part the target kept (sz -r)", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 4 << 20);
    const cut = await receiveFromSz(dir, [`${dir}/big`], [], {
      onPeer: (peer, _receiver, target) => {
        target.onWrite = (n) => killWhen(peer, "SIGKILL", n >= 1 << 20);
      },
    });
    assert.equal(cut.report.ok, false);
    const kept = (await Deno.stat(`${dir}/in/big.part`)).size;
    assert.ok(kept >= 1 << 20 && kept < 4 << 20, `kept ${kept}`);
    const resumed = await receiveFromSz(dir, [`${dir}/big`], ["-r"]);
    assert.equal(resumed.report.ok, true, resumed.report.error?.message);
    assert.equal(resumed.target.log.opened[0]!.resume, true);
    assert.deepEqual(resumed.target.log.firstWrite, [kept]);
    assert.equal(resumed.report.files[0]!.from, kept);
    await assertSameFile(`${dir}/big`, `${dir}/in/big`);
  });
});

Deno.test("a download cut by killing rz resumes where rz -r asks (ZRPOS)", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 4 << 20);
    let rz: Peer | undefined;
    const cut = await sendToRz(dir, [`${dir}/big`], [], {
      onStart: (_sender, peer) => rz = peer,
      onProgress: (_file, offset) => killWhen(rz, "SIGKILL", offset >= 2 << 20),
    });
    assert.equal(cut.report.ok, false);
    const partial = (await Deno.stat(`${dir}/out/big`)).size;
    assert.ok(partial > 0 && partial < 4 << 20, `rz kept ${partial}`);
    const resumed = await sendToRz(dir, [`${dir}/big`], ["-r"]);
    assert.equal(resumed.report.ok, true, resumed.report.error?.message);
    // rz resumes at whole kilobytes of what it holds.
    assert.equal(resumed.report.files[0]!.from, partial - (partial % 1024));
    await assertSameFile(`${dir}/big`, `${dir}/out/big`);
  });
});

Deno.test("bits flipped in sz's stream: our receiver asks again (ZRPOS) and the file is intact", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 2 << 20, 5);
    const sent = new RecordingSink();
    const flips = [300_000, 700_001, 1_500_002];
    const up = await receiveFromSz(dir, [`${dir}/big`], [], {
      onChunk: bitFlipper(flips),
      onPeer: (peer) => {
        const write = peer.sink.write;
        peer.sink.write = (bytes) => (sent.write(bytes), write(bytes));
      },
    });
    assert.equal(up.report.ok, true, up.report.error?.message);
    assert.equal(sent.headers.filter(([t]) => t === ZRPOS).length, 1 + flips.length);
    await assertSameFile(`${dir}/big`, `${dir}/in/big`);
  });
});

Deno.test("bits flipped in our stream: rz asks again (ZRPOS), our sender resends, file intact", async () => {
  await inTempDir(async (dir) => {
    await writeRandomFile(`${dir}/big`, 2 << 20, 6);
    using source = await diskSource(`${dir}/big`);
    const peer = new Peer("rz", ["-b", "-y"], `${dir}/out`);
    const flip = bitFlipper([300_000, 700_001, 1_500_002]);
    let sent = 0;
    const progress: number[] = [];
    const sender = new ZmodemSender({
      onProgress: (_file, offset) => progress.push(offset),
      sink: {
        write(bytes) {
          const copy = bytes.slice();
          flip(copy, sent);
          sent += copy.length;
          return peer.sink.write(copy);
        },
      },
      files: [source],
    });
    const { report, code } = await transfer(peer, sender);
    assert.equal(report.ok, true, report.error?.message);
    assert.equal(code, 0);
    // A rewind shows as progress going backwards.
    assert.ok(progress.some((at, i) => i > 0 && at < progress[i - 1]!), "no ZRPOS came");
    await assertSameFile(`${dir}/big`, `${dir}/out/big`);
  });
});

Deno.test("a captured sz stream with any one bit flipped never puts a wrong byte in the file", async () => {
  await inTempDir(async (dir) => {
    const data = new Uint8Array(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) >>> 3;
    await Deno.writeFile(`${dir}/cap`, data);
    const capture: Uint8Array[] = [];
    const live = await receiveFromSz(dir, [`${dir}/cap`], [], {
      onChunk: (bytes) => capture.push(bytes.slice()),
    });
    assert.equal(live.report.ok, true);
    const wire = new Uint8Array(capture.reduce((n, c) => n + c.length, 0));
    capture.reduce((at, c) => (wire.set(c, at), at + c.length), 0);
    for (let k = 0; k < 40; k++) {
      const flipped = wire.slice();
      const at = 60 + Math.floor((k / 40) * (wire.length - 60));
      flipped[at]! ^= 1 << (k % 8);
      const target = new MemoryTarget();
      const receiver = new ZmodemReceiver({ sink: { write() {} }, target });
      const done = receiver.start();
      for (let i = 0; i < flipped.length; i += 4096) {
        await receiver.push(flipped.subarray(i, i + 4096));
      }
      receiver.hangUp();
      await done;
      const got = target.data.view();
      assert.deepEqual(got, data.subarray(0, got.length), `flip at ${at}`);
    }
  });
});
