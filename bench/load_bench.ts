// deno-lint-ignore-file no-console -- a bench prints its report
/**
 * Load generator: starts the real daemon (as `deno task start` runs it) on a seeded SQLite store
 * and drives it with concurrent telnet callers. It measures, each beside a yardstick run in the
 * same process and moment:
 *
 * 1. start-up to listening on an existing store (yardstick: `deno run` of an empty script);
 * 2. connect to first prompt with 500 callers connecting at once (yardstick: a bare Deno
 *    server that writes a prompt on accept);
 * 3. login latency, Enter on the password to the menu (yardstick: the argon2id verify of the
 *    same login, as the daemon logs it);
 * 4. keystroke echo latency while 50 logins hash at once (yardstick: echo with nothing else on);
 * 5. resident memory per idle caller at 1,000 and 5,000 callers (yardstick: a bare Deno server
 *    with a 4 KiB read buffer per connection).
 *
 * `deno task bench:load [--prompt-callers 500] [--storm 50] [--idle 1000,5000]`
 *
 * @module
 */

import { PasswordHasher } from "../src/auth/mod.ts";
import { openStore } from "../src/storage/mod.ts";
import {
  ROOT,
  SERVE_PERMISSIONS,
  startTestDaemon,
  type TestDaemon,
} from "../tests/support/daemon.ts";
import { TelnetTestClient } from "../tests/support/telnet_client.ts";

const args = parseFlags(Deno.args);
const PROMPT_CALLERS = Number(args["prompt-callers"] ?? 500);
const STORM = Number(args.storm ?? 50);
const IDLE_STEPS = (args.idle ?? "1000,5000").split(",").map(Number);
const PASSWORD = "load-bench-password";
const PROMPT = "or NEW to apply: ";

const report: string[] = [];
const say = (line: string) => {
  console.log(line);
  report.push(line);
};

const dataDir = await Deno.makeTempDir({ prefix: "carrier-load-" });
try {
  await seedUsers(dataDir, STORM + 1);
  const settings = {
    maxNodes: Math.max(...IDLE_STEPS, PROMPT_CALLERS, STORM) + 100,
    negotiationGraceMs: 500,
  };

  say(`# Carrier load bench, ${new Date().toISOString()}, ${navigator.hardwareConcurrency} CPUs`);
  await measureStartup(dataDir, settings);

  const daemon = await startTestDaemon({ dataDir, settings });
  try {
    await measureFirstPrompt(daemon);
    await measureLogin(daemon);
    await measureEchoDuringStorm(daemon);
    await measureIdleMemory(daemon, "carrier");
  } finally {
    await daemon.stop();
  }
  await measureBareServer();
} finally {
  await Deno.remove(dataDir, { recursive: true });
}

/** Creates `count` accounts sharing one password hash (verifying each costs the same). */
async function seedUsers(dir: string, count: number): Promise<void> {
  const store = await openStore(`sqlite:${dir}/carrier.db`);
  const hasher = new PasswordHasher({ workers: 1 });
  try {
    await store.migrate();
    const passwordHash = await hasher.hash(PASSWORD);
    for (let i = 0; i < count; i++) await store.createUser({ handle: `Caller${i}`, passwordHash });
  } finally {
    await hasher.close();
    await store.close();
  }
}

async function measureStartup(dir: string, settings: Record<string, unknown>): Promise<void> {
  const runs = 7;
  const daemonMs: number[] = [];
  const selfMs: number[] = [];
  const emptyMs: number[] = [];
  const empty = await Deno.makeTempFile({ suffix: ".ts" });
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await new Deno.Command(Deno.execPath(), {
      args: ["run", empty],
      stdout: "null",
      stderr: "null",
    }).output();
    emptyMs.push(performance.now() - t);
    t = performance.now();
    const daemon = await startTestDaemon({ dataDir: dir, settings });
    daemonMs.push(performance.now() - t);
    await daemon.stop();
    const started = /Started ms=(\d+)/.exec(daemon.stderr());
    if (started) selfMs.push(Number(started[1]));
  }
  await Deno.remove(empty);
  say(`\n## Start-up to listening (existing SQLite store, ${runs} runs, median)`);
  say(`- spawn to "listening" line: ${fmt(median(daemonMs))} ms`);
  say(`- inside the process (performance.now() at listen): ${fmt(median(selfMs))} ms`);
  say(`- yardstick, \`deno run\` of an empty file, spawn to exit: ${fmt(median(emptyMs))} ms`);
}

/** Connects PROMPT_CALLERS callers at once, three rounds; reports the last (warm) round. */
async function firstPrompt(
  port: number,
  mode: "telnet" | "raw",
): Promise<{ connect: number[]; afterConnect: number[] }> {
  let result = { connect: [] as number[], afterConnect: [] as number[] };
  for (let round = 0; round < 3; round++) {
    result = { connect: [], afterConnect: [] };
    const clients = await Promise.all(
      Array.from({ length: PROMPT_CALLERS }, async () => {
        const t0 = performance.now();
        const client = await TelnetTestClient.connect({ port, mode });
        const t1 = performance.now();
        result.connect.push(t1 - t0);
        await client.expect(PROMPT, 30_000);
        result.afterConnect.push(performance.now() - t1);
        return client;
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return result;
}

async function measureFirstPrompt(daemon: TestDaemon): Promise<void> {
  const result = await firstPrompt(daemon.port, "telnet");
  say(`\n## First prompt, ${PROMPT_CALLERS} callers connecting at once (ms, third round)`);
  say(`- TCP connect: ${percentiles(result.connect)}`);
  say(`- connect to first prompt: ${percentiles(result.afterConnect)}`);
  say(`  (the prompt follows the client's telnet answers: two round trips, for TTYPE)`);
}

async function loggedInClient(daemon: TestDaemon, handle: string): Promise<TelnetTestClient> {
  const client = await daemon.call();
  await client.expect(PROMPT);
  await client.line(handle);
  await client.expect("Password: ");
  return client;
}

async function measureLogin(daemon: TestDaemon): Promise<void> {
  const runs = 30;
  const loginMs: number[] = [];
  const loggedBefore = daemon.stderr().length;
  for (let i = 0; i < runs; i++) {
    const client = await loggedInClient(daemon, `Caller${i % STORM}`);
    const t0 = performance.now();
    await client.line(PASSWORD);
    await client.expect("Command:");
    loginMs.push(performance.now() - t0);
    await client.close();
  }
  // The daemon logs how long each password check took inside it: the fairest argon2 figure,
  // since it ran on the same worker under the same load as the login around it.
  const verifyMs = [...daemon.stderr().slice(loggedBefore).matchAll(/Login .*verifyMs=([\d.]+)/g)]
    .map((m) => Number(m[1]));
  const overheadMs = loginMs.map((ms, i) => ms - (verifyMs[i] ?? NaN));
  say(`\n## Login latency, Enter on the password to the menu, ${runs} logins one at a time (ms)`);
  say(`- login, seen by the caller: ${percentiles(loginMs)}`);
  say(
    `- yardstick, the argon2id verify inside the daemon for the same logins: ${
      percentiles(verifyMs)
    }`,
  );
  say(`- login minus its own verify: ${percentiles(overheadMs)}`);
}

/** Times a key from send until its echo arrives, `count` times, one every `gapMs`. */
async function typeAndTime(
  client: TelnetTestClient,
  count: number,
  gapMs: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const letter = String.fromCharCode(97 + (i % 26));
    const t0 = performance.now();
    await client.send(letter);
    await client.expect(letter);
    times.push(performance.now() - t0);
    await client.send("\b");
    await client.expect("\b \b");
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return times;
}

async function measureEchoDuringStorm(daemon: TestDaemon): Promise<void> {
  const typist = await daemon.call();
  await typist.expect(PROMPT);
  const quiet = await typeAndTime(typist, 100, 2);

  const stormers = await Promise.all(
    Array.from({ length: STORM }, (_, i) => loggedInClient(daemon, `Caller${i}`)),
  );
  const t0 = performance.now();
  const logins = Promise.all(stormers.map(async (client) => {
    await client.line(PASSWORD);
    await client.expect("Command:", 60_000);
    return performance.now() - t0;
  }));
  let stormOver = false;
  logins.then(() => stormOver = true);
  const during: number[] = [];
  while (!stormOver) during.push(...await typeAndTime(typist, 1, 2));
  const loginDone = await logins;
  await Promise.all([typist.close(), ...stormers.map((c) => c.close())]);
  say(`\n## Keystroke echo while ${STORM} logins hash at once (ms)`);
  say(`- echo during the storm (${during.length} keys): ${percentiles(during)}`);
  say(`- yardstick, echo with nothing else on (${quiet.length} keys): ${percentiles(quiet)}`);
  say(`- the storm: all ${STORM} logins done after ${fmt(Math.max(...loginDone))} ms`);
}

function rssKiB(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]);
}

/** Opens `steps` idle callers in turn and reports the server's resident memory per caller. */
async function idleMemory(
  port: number,
  pid: number,
  negotiate: boolean,
): Promise<{ baseline: number; steps: { callers: number; rss: number; perCaller: number }[] }> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssKiB(pid);
  const clients: TelnetTestClient[] = [];
  const steps = [];
  for (const target of IDLE_STEPS) {
    while (clients.length < target) {
      const batch = Math.min(250, target - clients.length);
      clients.push(
        ...await Promise.all(Array.from({ length: batch }, async () => {
          const client = await TelnetTestClient.connect({
            port,
            mode: negotiate ? "telnet" : "raw",
          });
          if (negotiate) await client.expect(PROMPT, 60_000);
          return client;
        })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rss = rssKiB(pid);
    steps.push({ callers: target, rss, perCaller: (rss - baseline) / target });
  }
  await Promise.all(clients.map((c) => c.close()));
  return { baseline, steps };
}

async function measureIdleMemory(daemon: TestDaemon, name: string): Promise<void> {
  // Warm up: a few calls first, so lazily loaded code is counted in the baseline, not per caller.
  for (let i = 0; i < 3; i++) await (await loggedInClient(daemon, `Caller${i}`)).close();
  const result = await idleMemory(daemon.port, daemon.pid, true);
  say(`\n## Resident memory per idle caller at the handle prompt (${name})`);
  say(`- baseline RSS: ${result.baseline} KiB`);
  for (const step of result.steps) {
    say(`- ${step.callers} callers: RSS ${step.rss} KiB, ${fmt(step.perCaller)} KiB per caller`);
  }
}

/**
 * The yardsticks for prompt latency and memory: a bare Deno server that writes a prompt on
 * accept (no telnet negotiation) and then only reads into a 4 KiB buffer per connection.
 */
async function measureBareServer(): Promise<void> {
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(
    script,
    `const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log("port", listener.addr.port);
const prompt = new TextEncoder().encode("Enter your handle, ${PROMPT}");
for await (const conn of listener) {
  (async () => {
    const buf = new Uint8Array(4096);
    try {
      conn.setNoDelay(true);
      await conn.write(prompt);
      while ((await conn.read(buf)) !== null);
    } catch {}
    try { conn.close(); } catch {}
  })();
}`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...SERVE_PERMISSIONS, script],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  const port = Number(/port (\d+)/.exec(new TextDecoder().decode(value))![1]);
  try {
    const prompt = await firstPrompt(port, "raw");
    say(`\n## Yardstick: a bare Deno server that writes the prompt on accept, 4 KiB read buffer`);
    say(
      `- first prompt, ${PROMPT_CALLERS} at once, from TCP connect: ${
        percentiles(prompt.afterConnect)
      }`,
    );
    const result = await idleMemory(port, child.pid, false);
    say(`- baseline RSS: ${result.baseline} KiB`);
    for (const step of result.steps) {
      say(
        `- ${step.callers} connections: RSS ${step.rss} KiB, ${
          fmt(step.perCaller)
        } KiB per connection`,
      );
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await reader.cancel();
    await Deno.remove(script);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function percentiles(values: number[]): string {
  return `p50 ${fmt(percentile(values, 50))}, p99 ${fmt(percentile(values, 99))}, max ${
    fmt(Math.max(...values))
  } (n=${values.length})`;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith("--")) flags[arg.slice(2)] = argv[++i] ?? "";
  }
  return flags;
}
