// deno-lint-ignore-file no-console -- a bench prints its report
/**
 * File transfers through the whole board: a caller logs in over telnet and downloads a file by
 * ZMODEM to lrzsz's `rz`, then uploads one from lrzsz's `sz`, with the daemon's ZMODEM codec,
 * telnet layer and file vault in the path. The yardstick, in the same run, is lrzsz to itself:
 * `sz | rz` joined by socat. Reports MB/s, the daemon's CPU time per MiB, and its peak resident
 * memory during each transfer at two file sizes (it must not grow with the file).
 *
 * `deno task bench:transfer [--mib 64]`
 *
 * @module
 */

import { startTestDaemon, type TestDaemon } from "../tests/support/daemon.ts";
import { logIn, PASSWORD, startDownload, startUpload } from "../tests/support/flows.ts";
import { cpuMs, rssKiB } from "./proc_stats.ts";
import type { TelnetTestClient } from "../tests/support/telnet_client.ts";

const args = Deno.args;
const MIB = Number(args[args.indexOf("--mib") + 1] ?? 64) || 64;
const SMALL_MIB = Math.max(1, Math.round(MIB / 4));

const work = await Deno.makeTempDir({ prefix: "carrier-transfer-" });
try {
  console.log(
    `# Transfers through the board, ${
      new Date().toISOString()
    }, ${navigator.hardwareConcurrency} CPUs`,
  );
  for (const mib of [SMALL_MIB, MIB]) await writeRandom(`${work}/down-${mib}.bin`, mib);
  for (const mib of [SMALL_MIB, MIB]) await writeRandom(`${work}/up-${mib}.bin`, mib);

  const yardstick = await lrzszToItself(`${work}/down-${MIB}.bin`);
  const daemon = await startTestDaemon({ settings: { logLevel: "warn" } });
  try {
    await daemon.carrier(["user", "add", "Sysop", "--sysop"], `${PASSWORD}\n`);
    await daemon.carrier(["filearea", "add", "files", "--name", "Files"]);
    for (const mib of [SMALL_MIB, MIB]) {
      await daemon.carrier(["file", "add", "files", `${work}/down-${mib}.bin`]);
    }
    const caller = await daemon.call({ emulate: false });
    await logIn(caller, "Sysop");
    await caller.send("f");
    await caller.expect("Command: ");

    const results = [];
    for (const mib of [SMALL_MIB, MIB]) {
      results.push(
        await measure(
          daemon,
          mib,
          "download",
          (timed) => download(caller, `down-${mib}.bin`, timed),
        ),
      );
      results.push(
        await measure(daemon, mib, "upload", (timed) => upload(caller, `up-${mib}.bin`, timed)),
      );
    }
    await caller.close();

    console.log(`\n## ${MIB} MiB of random data, over loopback (MB = 10^6 bytes)`);
    console.log(`- yardstick, lrzsz sz | rz through socat: ${yardstick.toFixed(1)} MB/s`);
    for (const r of results.filter((r) => r.mib === MIB)) {
      console.log(
        `- ${r.direction} through the board: ${r.mbPerSecond.toFixed(1)} MB/s ` +
          `(${(r.mbPerSecond / yardstick).toFixed(2)}x the yardstick), daemon CPU ${
            r.cpuMsPerMib.toFixed(1)
          } ms/MiB`,
      );
    }
    console.log(`\n## Daemon peak resident memory during a transfer, above its idle size`);
    for (const r of results) {
      console.log(`- ${r.direction} of ${r.mib} MiB: +${(r.peakKiB / 1024).toFixed(1)} MiB`);
    }
  } finally {
    await daemon.stop();
  }
} finally {
  await Deno.remove(work, { recursive: true });
}

interface Result {
  mib: number;
  direction: "download" | "upload";
  mbPerSecond: number;
  cpuMsPerMib: number;
  peakKiB: number;
}

type Timer = <T>(transfer: () => Promise<T>) => Promise<T>;

/**
 * Runs one transfer while sampling the daemon's CPU and memory. `run` gets a timer to wrap the
 * transfer itself in (lrzsz started to lrzsz done), so menus and prompts are not counted.
 */
async function measure(
  daemon: TestDaemon,
  mib: number,
  direction: "download" | "upload",
  run: (timed: Timer) => Promise<void>,
): Promise<Result> {
  const before = { rss: rssKiB(daemon.pid) };
  let peak = before.rss;
  let seconds = 0;
  let cpu = 0;
  const sampler = setInterval(() => peak = Math.max(peak, rssKiB(daemon.pid)), 20);
  await run(async (transfer) => {
    const cpuBefore = cpuMs(daemon.pid);
    const started = performance.now();
    const result = await transfer();
    seconds = (performance.now() - started) / 1000;
    cpu = cpuMs(daemon.pid) - cpuBefore;
    return result;
  });
  clearInterval(sampler);
  return {
    mib,
    direction,
    mbPerSecond: (mib * 1024 * 1024) / 1e6 / seconds,
    cpuMsPerMib: cpu / mib,
    peakKiB: peak - before.rss,
  };
}

async function download(caller: TelnetTestClient, name: string, timed: Timer): Promise<void> {
  const into = await Deno.makeTempDir({ dir: work });
  await startDownload(caller, name);
  const rz = await timed(() => caller.handOver("rz", ["-b", "-y"], { cwd: into }));
  if (rz.code !== 0) throw new Error(`rz failed: ${rz.stderr}`);
  await caller.expect("Command: ");
  await Deno.remove(into, { recursive: true });
}

async function upload(caller: TelnetTestClient, name: string, timed: Timer): Promise<void> {
  await startUpload(caller);
  const sz = await timed(() => caller.handOver("sz", ["-b", name], { cwd: work }));
  if (sz.code !== 0) throw new Error(`sz failed: ${sz.stderr}`);
  await caller.expect(`Describe ${name}: `);
  await caller.line("");
  await caller.expect("Command: ");
}

/** lrzsz's own speed here: `sz` and `rz` joined by socat, no board in between. */
async function lrzszToItself(path: string): Promise<number> {
  const into = await Deno.makeTempDir({ dir: work });
  const size = (await Deno.stat(path)).size;
  const started = performance.now();
  const result = await new Deno.Command("socat", {
    args: ["-b", "65536", `EXEC:sz -b ${path}`, `EXEC:rz -b -y`],
    cwd: into,
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  if (!result.success) {
    throw new Error(`socat sz|rz failed: ${new TextDecoder().decode(result.stderr)}`);
  }
  await Deno.remove(into, { recursive: true });
  return size / 1e6 / seconds;
}

async function writeRandom(path: string, mib: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const chunk = new Uint8Array(1024 * 1024);
  for (let i = 0; i < mib; i++) {
    for (let at = 0; at < chunk.length; at += 65536) {
      crypto.getRandomValues(chunk.subarray(at, at + 65536));
    }
    for (let done = 0; done < chunk.length;) done += await file.write(chunk.subarray(done));
  }
}
