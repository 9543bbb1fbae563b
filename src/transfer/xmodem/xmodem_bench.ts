/**
 * XMODEM-1k and YMODEM with lrzsz, 4 MiB each way, beside lrzsz to itself (`sx -k <fifo |
 * rx -c >fifo`, `sb -k | rb`: the yardstick) in the same run; and what one block costs to
 * write and to read. Needs lrzsz.
 *
 * Both protocols wait for an ACK after every block (1 KiB), so a transfer is a few thousand
 * round trips through the pipes: latency-bound, whoever does it. lrzsz's receivers also sleep
 * on alarm() in whole seconds (`rx`: 1 s after EOT; `rb`: 1 s before each header and after
 * each EOT), so each case is timed with an empty file too, and "net" is 4 MiB over the
 * difference: the data phase alone.
 *
 * - `deno run -A src/transfer/xmodem/xmodem_bench.ts [MiB] [rounds]` prints the table (best of
 *   rounds) and the block encode/decode µs.
 * - `deno bench -A src/transfer/xmodem/xmodem_bench.ts` runs the transfers as `Deno.bench`
 *   cases (3 runs each, lrzsz's sleeps included), yardsticks as baselines, and the block codec.
 *
 * @module
 */

// deno-lint-ignore-file no-console -- a bench script reports on the console
import { cpuUsage } from "node:process";
import { ByteWriter } from "../../bytes/mod.ts";
import {
  type Codec as LrzszCodec,
  diskSource,
  DiskTarget,
  Peer,
  sha256File,
  transfer,
  writeRandomFile,
} from "../zmodem/_lrzsz.ts";
import type { TransferReport } from "../zmodem/mod.ts";
import { BlockReader, EVENT_BLOCK, writeBlock } from "./block.ts";
import { SUB } from "./constants.ts";
import { XmodemReceiver, XmodemSender } from "./xmodem.ts";
import { YmodemReceiver, YmodemSender } from "./ymodem.ts";

interface Run {
  seconds: number;
  /** CPU seconds of this process. */
  ours: number;
  /** CPU seconds of the lrzsz processes. */
  theirs: number;
}

interface Case {
  name: string;
  group: string;
  /** Runs one transfer of `dir/f.bin` into `dir/<out>/`; `out` is where the copy lands. */
  run: (dir: string, out: string) => Promise<Run>;
  yardstick?: boolean;
}

/** Children's user + system seconds from bash's `times` (its second line). */
function childCpu(stderr: string): number {
  const times = stderr.trim().split("\n").at(-1)?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!times) return NaN;
  return Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]);
}

async function measure<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = cpuUsage(cpu0);
  return [value, (performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6];
}

async function fresh(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir);
}

/** lrzsz to itself through two kernel pipes (one a FIFO), nothing copying between them. */
function yardstick(send: string, receive: string) {
  return async (dir: string, out: string): Promise<Run> => {
    await fresh(`${dir}/${out}`);
    const [status, seconds, ours] = await measure(() =>
      new Deno.Command("bash", {
        args: ["-c", `mkfifo back && ${send} ../f.bin <back | ${receive} >back; times >&2`],
        cwd: `${dir}/${out}`,
        stdout: "null",
        stderr: "piped",
      }).output()
    );
    if (!status.success) throw new Error(`${send} | ${receive} failed`);
    await Deno.remove(`${dir}/${out}/back`);
    return { seconds, ours, theirs: childCpu(new TextDecoder().decode(status.stderr)) };
  };
}

/**
 * lrzsz to itself with this process relaying the bytes both ways through its pipes, as it
 * does for our codecs: the floor a codec here can reach.
 */
function relay(send: string, receive: string) {
  return async (dir: string, out: string): Promise<Run> => {
    await fresh(`${dir}/${out}`);
    const spawn = (command: string) =>
      new Deno.Command("bash", {
        args: ["-c", `${command}; times >&2`],
        cwd: `${dir}/${out}`,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
    const [cpu, seconds, ours] = await measure(async () => {
      const sender = spawn(`${send} ../f.bin`);
      const receiver = spawn(receive);
      const pipes = Promise.all([
        sender.stdout.pipeTo(receiver.stdin),
        receiver.stdout.pipeTo(sender.stdin),
      ]);
      const errors = Promise.all([sender, receiver].map((c) => new Response(c.stderr).text()));
      const [a, b] = await Promise.all([sender.status, receiver.status]);
      await pipes.catch(() => {});
      if (!a.success || !b.success) throw new Error(`${send} | ${receive} failed`);
      return (await errors).map(childCpu).reduce((x, y) => x + y, 0);
    });
    return { seconds, ours, theirs: cpu };
  };
}

/** What `transfer` drives: any of the four codecs. */
type Codec = LrzszCodec & { start(): Promise<TransferReport> };

/** Our codec against an lrzsz program wrapped in bash for its CPU `times`. */
async function against(
  dir: string,
  out: string,
  command: string,
  make: (peer: Peer) => Codec,
): Promise<Run> {
  await fresh(`${dir}/${out}`);
  const peer = new Peer("bash", ["-c", `${command}; times >&2`], `${dir}/${out}`);
  const [result, seconds, ours] = await measure(() => transfer(peer, make(peer)));
  if (!result.report.ok) throw new Error(result.report.error?.message);
  return { seconds, ours, theirs: childCpu(result.stderr) };
}

const XMODEM = "XMODEM-1k";
const YMODEM = "YMODEM (1k blocks)";

const CASES: Case[] = [
  {
    name: "lrzsz sx -k → rx -c (yardstick)",
    group: XMODEM,
    yardstick: true,
    run: yardstick("sx -q -k", "rx -q -c f.bin"),
  },
  {
    name: "lrzsz sx -k → rx -c, relayed by this process",
    group: XMODEM,
    run: relay("sx -q -k", "rx -q -c f.bin"),
  },
  {
    name: "our XmodemSender 1k → rx -c",
    group: XMODEM,
    run: async (dir, out) => {
      using file = await diskSource(`${dir}/f.bin`);
      return await against(
        dir,
        out,
        "rx -q -c f.bin",
        (peer) => new XmodemSender({ sink: peer.sink, file, mode: "1k" }),
      );
    },
  },
  {
    name: "sx -k → our XmodemReceiver",
    group: XMODEM,
    run: (dir, out) =>
      against(dir, out, "sx -q -k ../f.bin", (peer) =>
        new XmodemReceiver({
          sink: peer.sink,
          target: new DiskTarget(`${dir}/${out}`),
          name: "f.bin",
        })),
  },
  {
    name: "lrzsz sb -k → rb (yardstick)",
    group: YMODEM,
    yardstick: true,
    run: yardstick("sb -q -k", "rb -q -y"),
  },
  {
    name: "lrzsz sb -k → rb, relayed by this process",
    group: YMODEM,
    run: relay("sb -q -k", "rb -q -y"),
  },
  {
    name: "our YmodemSender → rb",
    group: YMODEM,
    run: async (dir, out) => {
      using file = await diskSource(`${dir}/f.bin`);
      return await against(
        dir,
        out,
        "rb -q -y",
        (peer) => new YmodemSender({ sink: peer.sink, files: [file] }),
      );
    },
  },
  {
    name: "sb -k → our YmodemReceiver",
    group: YMODEM,
    run: (dir, out) =>
      against(
        dir,
        out,
        "sb -q -k ../f.bin",
        (peer) => new YmodemReceiver({ sink: peer.sink, target: new DiskTarget(`${dir}/${out}`) }),
      ),
  },
];

async function setUp(bytes: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_xmodem_bench_" });
  await writeRandomFile(`${dir}/f.bin`, bytes, 42);
  return dir;
}

/** µs per call of `fn`, over enough calls to take ~200 ms. */
function microseconds(fn: () => void): number {
  for (let i = 0; i < 1000; i++) fn();
  let n = 1000;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const ms = performance.now() - t0;
    if (ms > 200) return ms * 1000 / n;
    n *= 2;
  }
}

const data = new Uint8Array(1024).map((_, i) => (i * 7919) & 0xff);
const out = new ByteWriter(2048);
const reader = new BlockReader();
const encodeCrc1k = () => {
  writeBlock(out.clear(), 1, data, { size: 1024, crc: true, pad: SUB });
};
const encodeSum128 = () => {
  writeBlock(out.clear(), 1, data.subarray(0, 128), { size: 128, crc: false, pad: SUB });
};
const wireCrc1k = (encodeCrc1k(), out.view().slice());
const wireSum128 = (encodeSum128(), out.view().slice());
const decode = (wire: Uint8Array, crc: boolean) => () => {
  reader.crc = crc;
  if (reader.read(wire, 0) !== EVENT_BLOCK) throw new Error("bad block");
};

const BLOCKS = [
  { name: "write a 1k CRC-16 block", fn: encodeCrc1k },
  { name: "read a 1k CRC-16 block", fn: decode(wireCrc1k, true) },
  { name: "write a 128-byte checksum block", fn: encodeSum128 },
  { name: "read a 128-byte checksum block", fn: decode(wireSum128, false) },
];

if (import.meta.main) {
  const mib = Number(Deno.args[0] ?? 4);
  const rounds = Number(Deno.args[1] ?? 3);
  const big = await setUp(mib << 20);
  const empty = await setUp(0);
  try {
    const want = await sha256File(`${big}/f.bin`);
    const best = new Map<string, { full: Run; empty: Run }>();
    for (let round = 0; round < rounds; round++) {
      for (const [i, c] of CASES.entries()) {
        const full = await c.run(big, `o${i}`);
        if (await sha256File(`${big}/o${i}/f.bin`) !== want) throw new Error(`${c.name}: differs`);
        const none = await c.run(empty, `o${i}`);
        const old = best.get(c.name);
        if (!old || full.seconds < old.full.seconds) best.set(c.name, { full, empty: none });
      }
    }
    console.log(`${mib} MiB of random data through pipes, best of ${rounds}:`);
    console.log(
      "| transfer | wall s | empty-file s | net MB/s | µs per block round trip | CPU ms/MiB, this process | CPU ms/MiB, lrzsz |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [name, { full, empty }] of best) {
      const net = full.seconds - empty.seconds;
      console.log(
        `| ${name} | ${full.seconds.toFixed(2)} | ${empty.seconds.toFixed(2)} | ${
          ((mib << 20) / 1e6 / net).toFixed(1)
        } | ${(net * 1e6 / (mib * 1024)).toFixed(0)} | ${(full.ours * 1000 / mib).toFixed(1)} | ${
          (full.theirs * 1000 / mib).toFixed(1)
        } |`,
      );
    }
    console.log("\n| block codec | µs |\n| --- | ---: |");
    for (const b of BLOCKS) console.log(`| ${b.name} | ${microseconds(b.fn).toFixed(2)} |`);
  } finally {
    await Deno.remove(big, { recursive: true });
    await Deno.remove(empty, { recursive: true });
  }
} else {
  const dir = await setUp(4 << 20);
  for (const [i, c] of CASES.entries()) {
    Deno.bench({
      name: c.name,
      group: `4 MiB, ${c.group}`,
      baseline: c.yardstick ?? false,
      n: 3,
      warmup: 1,
      async fn() {
        await c.run(dir, `o${i}`);
      },
    });
  }
  for (const b of BLOCKS) Deno.bench({ name: b.name, group: "one block", fn: b.fn });
  addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
}
