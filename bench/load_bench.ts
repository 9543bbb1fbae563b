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
 *    with a 4 KiB read buffer per connection);
 * 6. the message bases' read cache under a read-heavy mix of callers listing, paging, reading,
 *    new-scanning and now and then posting (the hit rate, from the daemon's own statistics).
 *
 * `deno task bench:load [--prompt-callers 500] [--storm 50] [--idle 1000,5000]`
 *
 * @module
 */

import { PasswordHasher } from "../src/auth/mod.ts";
import { openStore } from "../src/storage/mod.ts";
import { loadCorpus, MessageWriter } from "../src/storage/message_bench_corpus.ts";
import {
  ROOT,
  SERVE_PERMISSIONS,
  startTestDaemon,
  type TestDaemon,
} from "../tests/support/daemon.ts";
import { TelnetTestClient } from "../tests/support/telnet_client.ts";
import { cpuMs, rssKiB } from "./proc_stats.ts";

const args = parseFlags(Deno.args);
const PROMPT_CALLERS = Number(args["prompt-callers"] ?? 500);
const STORM = Number(args.storm ?? 50);
const IDLE_STEPS = (args.idle ?? "1000,5000").split(",").map(Number);
const MIX_CALLERS = Number(args["mix-callers"] ?? 20);
const MIX_SECONDS = Number(args["mix-seconds"] ?? 20);
const MIX_AREAS = 5;
const MIX_MESSAGES_PER_AREA = 2000;
const PASSWORD = "load-bench-password";
const PROMPT = "or NEW to apply: ";

const report: string[] = [];
const say = (line: string) => {
  console.log(line);
  report.push(line);
};

const dataDir = await Deno.makeTempDir({ prefix: "carrier-load-" });
try {
  await seedUsers(dataDir, Math.max(STORM, MIX_CALLERS) + 1);
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
    await measureMessageMix(daemon);
  } finally {
    await daemon.stop();
  }
  reportCacheHitRate(daemon.stderr());
  await measureBareServers();
} finally {
  await Deno.remove(dataDir, { recursive: true });
}

/**
 * Creates `count` accounts sharing one password hash (verifying each costs the same), and
 * message areas filled with real text (fortunes and man pages) for the read-heavy mix.
 */
async function seedUsers(dir: string, count: number): Promise<void> {
  const store = await openStore(`sqlite:${dir}/carrier.db`);
  const hasher = new PasswordHasher({ workers: 1 });
  try {
    await store.migrate();
    const passwordHash = await hasher.hash(PASSWORD);
    for (let i = 0; i < count; i++) await store.createUser({ handle: `Caller${i}`, passwordHash });
    const writer = new MessageWriter(await loadCorpus(200), 7);
    const conference = await store.createConference({ name: "Local" });
    for (let a = 0; a < MIX_AREAS; a++) {
      const area = await store.createArea({
        conferenceId: conference.id,
        tag: `area${a}`,
        name: `Area ${a}`,
      });
      const start = Date.now() - MIX_MESSAGES_PER_AREA * 60_000;
      await store.importMessages(
        area.id,
        Array.from({ length: MIX_MESSAGES_PER_AREA }, (_, i) => ({
          fromHandle: writer.handle(),
          subject: writer.subject(),
          body: writer.body(),
          createdAt: new Date(start + i * 60_000),
        })),
      );
    }
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

/** What one round of callers connecting at once measured. */
interface PromptRound {
  connect: number[];
  afterConnect: number[];
  /** The server's CPU time from the first connect to the last prompt, per caller (µs). */
  cpuPerCaller: number;
}

/** Connects PROMPT_CALLERS callers at once, three rounds; reports the last (warm) round. */
async function firstPrompt(
  port: number,
  mode: "telnet" | "raw",
  pid: number,
): Promise<PromptRound> {
  let result: PromptRound = { connect: [], afterConnect: [], cpuPerCaller: NaN };
  for (let round = 0; round < 3; round++) {
    result = { connect: [], afterConnect: [], cpuPerCaller: NaN };
    const cpuBefore = cpuMs(pid);
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
    result.cpuPerCaller = (cpuMs(pid) - cpuBefore) * 1000 / PROMPT_CALLERS;
    await Promise.all(clients.map((c) => c.close()));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return result;
}

async function measureFirstPrompt(daemon: TestDaemon): Promise<void> {
  const result = await firstPrompt(daemon.port, "telnet", daemon.pid);
  say(`\n## First prompt, ${PROMPT_CALLERS} callers connecting at once (ms, third round)`);
  say(`- TCP connect: ${percentiles(result.connect)}`);
  say(`- connect to first prompt: ${percentiles(result.afterConnect)}`);
  say(`  (the prompt follows the client's telnet answers: two round trips, for TTYPE)`);
  say(`- daemon CPU per caller, connect to prompt: ${fmt(result.cpuPerCaller)} µs`);
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
  // One login more than reported: the first after start runs the menus' code for the first time.
  for (let i = 0; i <= runs; i++) {
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
  const first = overheadMs.shift()!;
  loginMs.shift();
  verifyMs.shift();
  say(`\n## Login latency, Enter on the password to the menu, ${runs} logins one at a time (ms)`);
  say(`- login, seen by the caller: ${percentiles(loginMs)}`);
  say(
    `- yardstick, the argon2id verify inside the daemon for the same logins: ${
      percentiles(verifyMs)
    }`,
  );
  say(`- login minus its own verify: ${percentiles(overheadMs)}`);
  say(`- the first login after start (not counted above), minus its verify: ${fmt(first)}`);
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

/** Presses `key` and waits until the board has answered and gone quiet. */
async function press(client: TelnetTestClient, key: string): Promise<void> {
  const before = client.bytesReceived;
  await client.send(key);
  const deadline = Date.now() + 10_000;
  while (client.bytesReceived === before && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  let seen = -1;
  while (seen !== client.bytesReceived) {
    seen = client.bytesReceived;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/**
 * Callers in the message bases for a while: mostly listing and paging areas and reading
 * messages, sometimes a new-scan, now and then a post (about 1 action in 20).
 */
async function measureMessageMix(daemon: TestDaemon): Promise<void> {
  const random = (() => {
    let state = 42;
    return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  })();
  const counts = { list: 0, read: 0, scan: 0, post: 0 };
  const until = Date.now() + MIX_SECONDS * 1000;
  await Promise.all(Array.from({ length: MIX_CALLERS }, async (_, i) => {
    const client = await loggedInClient(daemon, `Caller${i}`);
    await client.line(PASSWORD);
    await client.expect("Command:");
    await client.send("m");
    await client.expect("Command: ");
    while (Date.now() < until) {
      const roll = random();
      if (roll < 0.5) {
        counts.list++;
        await press(client, "l");
        for (let page = 0; page < 3; page++) await press(client, "n");
        await press(client, "q");
      } else if (roll < 0.85) {
        counts.read++;
        await press(client, "r");
        for (let step = 0; step < 3; step++) await press(client, "n");
        await press(client, "q");
      } else if (roll < 0.95) {
        counts.scan++;
        await press(client, "a");
        await client.line(String(1 + Math.floor(random() * MIX_AREAS)));
        await client.expect("Command: ");
      } else {
        counts.post++;
        await client.send("p");
        await client.expect("(Enter for All): ");
        await client.line("");
        await client.expect("Subject: ");
        await client.line(`Load test ${i}`);
        await client.expect("1: ");
        await client.line("A message from the load generator.");
        await client.line("/s");
        await client.expect("Saved as");
        await client.expect("Command: ");
      }
    }
    await client.close();
  }));
  say(
    `\n## Message bases, ${MIX_CALLERS} callers for ${MIX_SECONDS} s (${MIX_AREAS} areas, ${MIX_MESSAGES_PER_AREA} messages each)`,
  );
  say(
    `- actions: ${counts.list} listings of 4 pages, ${counts.read} reads of 4 messages, ` +
      `${counts.scan} area changes, ${counts.post} posts`,
  );
}

/** The read cache's hit rate over the run, from the statistics the daemon logs when it stops. */
function reportCacheHitRate(stderr: string): void {
  const line =
    /Store statistics queries=(\d+) cacheHits=(\d+) cacheMisses=(\d+) cacheBypasses=(\d+)/.exec(
      stderr,
    );
  if (!line) return;
  const [queries, hits, misses, bypasses] = line.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const rate = hits / Math.max(1, hits + misses + bypasses);
  say(
    `- read cache: ${hits} hits, ${misses} misses, ${bypasses} bypasses: hit rate ${
      (rate * 100).toFixed(1)
    }%` +
      ` (${queries} queries to SQLite in the whole run)`,
  );
}

/** Resident memory with `callers` idle callers connected. */
interface IdleStep {
  callers: number;
  rss: number;
  /** (RSS − baseline) / callers, KiB. */
  perCaller: number;
  /**
   * KiB per caller from the previous step to this one: unlike `perCaller`, untouched by garbage
   * the process frees while the callers connect.
   */
  marginal?: number;
}

/** Opens IDLE_STEPS idle callers in turn and reports the server's resident memory per caller. */
async function idleMemory(
  port: number,
  pid: number,
  negotiate: boolean,
): Promise<{ baseline: number; steps: IdleStep[] }> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const baseline = rssKiB(pid);
  const clients: TelnetTestClient[] = [];
  const steps: IdleStep[] = [];
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
    const before = steps.at(-1);
    steps.push({
      callers: target,
      rss,
      perCaller: (rss - baseline) / target,
      ...(before ? { marginal: (rss - before.rss) / (target - before.callers) } : {}),
    });
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
  for (const step of result.steps) say(`- ${describeStep(step, "caller")}`);
}

function describeStep(step: IdleStep, what: string): string {
  const marginal = step.marginal === undefined
    ? ""
    : `; ${fmt(step.marginal)} KiB per ${what} added since the step before`;
  return `${step.callers} ${what}s: RSS ${step.rss} KiB, ${
    fmt(step.perCaller)
  } KiB per ${what} above the baseline${marginal}`;
}

/**
 * The yardsticks for prompt latency and memory: a bare Deno server that writes a prompt on
 * accept (no telnet negotiation) and then only reads into a 4 KiB buffer per connection; and
 * one that first makes the same two telnet round trips as the daemon (DO TTYPE, then SB TTYPE
 * SEND) and then writes a welcome screen's worth of bytes and the prompt.
 */
async function measureBareServers(): Promise<void> {
  const bare = await spawnYardstick(bareServer());
  try {
    const prompt = await firstPrompt(bare.port, "raw", bare.pid);
    say(`\n## Yardstick: a bare Deno server that writes the prompt on accept, 4 KiB read buffer`);
    say(
      `- first prompt, ${PROMPT_CALLERS} at once, from TCP connect: ${
        percentiles(prompt.afterConnect)
      }`,
    );
    say(`- server CPU per caller, connect to prompt: ${fmt(prompt.cpuPerCaller)} µs`);
    const result = await idleMemory(bare.port, bare.pid, false);
    say(`- baseline RSS: ${result.baseline} KiB`);
    for (const step of result.steps) say(`- ${describeStep(step, "connection")}`);
  } finally {
    await bare.stop();
  }
  const telnet = await spawnYardstick(bareTelnetServer());
  try {
    const prompt = await firstPrompt(telnet.port, "telnet", telnet.pid);
    say(`\n## Yardstick: a bare Deno server that waits for TTYPE as the daemon does`);
    say(
      `- first prompt, ${PROMPT_CALLERS} at once, from TCP connect: ${
        percentiles(prompt.afterConnect)
      }`,
    );
    say(`- server CPU per caller, connect to prompt: ${fmt(prompt.cpuPerCaller)} µs`);
  } finally {
    await telnet.stop();
  }
}

/** A server that writes the prompt on accept and then only reads. */
function bareServer(): string {
  return `const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
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
}`;
}

/** A server that makes the daemon's two telnet round trips, then writes a screen and the prompt. */
function bareTelnetServer(): string {
  return `const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log("port", listener.addr.port);
const IAC = 255, WILL = 251, DO = 253, SB = 250, SE = 240, TTYPE = 24;
const offer = new Uint8Array([
  IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 3, IAC, DO, 31, IAC, DO, TTYPE, IAC, DO, 0, IAC, WILL, 0,
]);
const send = new Uint8Array([IAC, SB, TTYPE, 1, IAC, SE]);
const screen = new TextEncoder().encode("#".repeat(900) + "\\r\\nEnter your handle, ${PROMPT}");
const has = (bytes, a, b, c) => bytes.some((x, i) => x === a && bytes[i + 1] === b && bytes[i + 2] === c);
for await (const conn of listener) {
  (async () => {
    const buf = new Uint8Array(4096);
    try {
      conn.setNoDelay(true);
      await conn.write(offer);
      let stage = 0;
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) break;
        const chunk = buf.subarray(0, n);
        if (stage === 0 && has(chunk, IAC, WILL, TTYPE)) {
          stage = 1;
          await conn.write(send);
        }
        if (stage === 1 && has(chunk, SB, TTYPE, 0)) {
          stage = 2;
          await conn.write(screen);
        }
      }
    } catch {}
    try { conn.close(); } catch {}
  })();
}`;
}

/** Runs `source` as a Deno program that prints "port N" once it listens. */
async function spawnYardstick(
  source: string,
): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const script = await Deno.makeTempFile({ suffix: ".js" });
  await Deno.writeTextFile(script, source);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...SERVE_PERMISSIONS, script],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  const port = Number(/port (\d+)/.exec(new TextDecoder().decode(value))![1]);
  return {
    port,
    pid: child.pid,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await reader.cancel();
      await Deno.remove(script);
    },
  };
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
