/**
 * 64 MiB through pipes, in one run: lrzsz to itself (`sz <fifo | rz >fifo`, the yardstick),
 * our sender → `rz`, and `sz` → our receiver. Needs lrzsz.
 *
 * - `deno run -A src/transfer/zmodem/zmodem_vs_lrzsz_bench.ts [MiB] [rounds]` prints MB/s and
 *   CPU time per MiB, for this process and for the lrzsz side (bash `times`), best of rounds.
 * - `deno bench -A src/transfer/zmodem/zmodem_vs_lrzsz_bench.ts` runs the same three as
 *   `Deno.bench` cases (3 runs each), the yardstick as baseline.
 *
 * @module
 */

// deno-lint-ignore-file no-console -- a bench script reports on the console
import { cpuUsage } from "node:process";
import { diskSource, DiskTarget, Peer, sha256File, transfer, writeRandomFile } from "./_lrzsz.ts";
import { loadNativeCrc32 } from "./crc.ts";
import { ZmodemReceiver } from "./receiver.ts";
import { ZmodemSender } from "./sender.ts";

await loadNativeCrc32();

interface Run {
  seconds: number;
  /** CPU seconds of this process. */
  ours: number;
  /** CPU seconds of the lrzsz processes. */
  theirs: number;
}

/** Children's user + system seconds from bash's `times` (its second line). */
function childCpu(stderr: string): number {
  const lines = stderr.trim().split("\n");
  const times = lines.at(-1)?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!times) return NaN;
  return Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]);
}

function measure<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  return fn().then((value) => {
    const cpu = cpuUsage(cpu0);
    return [value, (performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6];
  });
}

async function fresh(dir: string): Promise<void> {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir);
}

/** lrzsz to itself through two kernel pipes (one a FIFO), no process copying between them. */
async function yardstick(dir: string, file: string): Promise<Run> {
  await fresh(`${dir}/y`);
  const [status, seconds, ours] = await measure(() =>
    new Deno.Command("bash", {
      args: ["-c", `mkfifo back && sz -q -b ${file} <back | rz -q -b -y >back; times >&2`],
      cwd: `${dir}/y`,
      stdout: "null",
      stderr: "piped",
    }).output()
  );
  if (!status.success) throw new Error("sz | rz failed");
  return { seconds, ours, theirs: childCpu(new TextDecoder().decode(status.stderr)) };
}

async function oursToRz(dir: string, file: string): Promise<Run> {
  await fresh(`${dir}/s`);
  using source = await diskSource(file);
  const peer = new Peer("bash", ["-c", "rz -q -b -y; times >&2"], `${dir}/s`);
  const sender = new ZmodemSender({ sink: peer.sink, files: [source] });
  const [result, seconds, ours] = await measure(() => transfer(peer, sender));
  if (!result.report.ok) throw new Error(result.report.error?.message);
  return { seconds, ours, theirs: childCpu(result.stderr) };
}

async function szToOurs(dir: string, file: string): Promise<Run> {
  await fresh(`${dir}/r`);
  const peer = new Peer("bash", ["-c", `sz -q -b ${file}; times >&2`], `${dir}/r`);
  const receiver = new ZmodemReceiver({ sink: peer.sink, target: new DiskTarget(`${dir}/r`) });
  const [result, seconds, ours] = await measure(() => transfer(peer, receiver));
  if (!result.report.ok) throw new Error(result.report.error?.message);
  return { seconds, ours, theirs: childCpu(result.stderr) };
}

const CASES = [
  { name: "lrzsz sz → rz (yardstick)", run: yardstick, out: "y" },
  { name: "our sender → rz", run: oursToRz, out: "s" },
  { name: "sz → our receiver", run: szToOurs, out: "r" },
];

async function setUp(mib: number): Promise<{ dir: string; file: string }> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_zmodem_bench_" });
  const file = `${dir}/random.bin`;
  await writeRandomFile(file, mib << 20, 42);
  return { dir, file };
}

if (import.meta.main) {
  const mib = Number(Deno.args[0] ?? 64);
  const rounds = Number(Deno.args[1] ?? 3);
  const { dir, file } = await setUp(mib);
  try {
    const want = await sha256File(file);
    const best = new Map<string, Run>();
    for (let round = 0; round < rounds; round++) {
      for (const c of CASES) {
        const run = await c.run(dir, file);
        const got = await sha256File(`${dir}/${c.out}/random.bin`);
        if (got !== want) throw new Error(`${c.name}: file differs`);
        const old = best.get(c.name);
        if (!old || run.seconds < old.seconds) best.set(c.name, run);
      }
    }
    console.log(`${mib} MiB of random data through pipes, best of ${rounds}:`);
    console.log("| transfer | MB/s | CPU ms/MiB, this process | CPU ms/MiB, lrzsz |");
    console.log("| --- | ---: | ---: | ---: |");
    for (const [name, run] of best) {
      const mbs = ((mib << 20) / 1e6 / run.seconds).toFixed(1);
      console.log(
        `| ${name} | ${mbs} | ${(run.ours * 1000 / mib).toFixed(2)} | ${
          (run.theirs * 1000 / mib).toFixed(2)
        } |`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
} else {
  const { dir, file } = await setUp(64);
  const group = "64 MiB through pipes";
  for (const [i, c] of CASES.entries()) {
    Deno.bench({
      name: c.name,
      group,
      baseline: i === 0,
      n: 3,
      warmup: 1,
      async fn() {
        await c.run(dir, file);
      },
    });
  }
  addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
}
