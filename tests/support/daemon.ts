/**
 * Starts the real daemon (`main.ts serve`, with the permissions `deno task start` grants) on an
 * ephemeral port with a temporary data directory, for end-to-end tests and benches.
 *
 * @module
 */

import { type ClientOptions, TelnetTestClient } from "./telnet_client.ts";

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** The permissions of `deno task start` and `deno task carrier`. */
export const SERVE_PERMISSIONS = [
  "--allow-net",
  "--allow-read",
  "--allow-write",
  "--allow-env",
  "--allow-sys=statfs",
];

/** Settings every end-to-end daemon gets unless a test overrides them. */
const TEST_SETTINGS = {
  negotiationGraceMs: 200,
  login: { baseDelayMs: 20, maxDelayMs: 200 },
};

/** Options of `startTestDaemon`. */
export interface TestDaemonOptions {
  /** Settings for the config file, merged over the test defaults (one level deep). */
  settings?: Record<string, unknown>;
  /** A `--database` URL; SQLite in the data directory when absent. */
  database?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Reuse this data directory (it is not removed on stop). */
  dataDir?: string;
}

/** A daemon running in a child process. */
export interface TestDaemon {
  readonly port: number;
  readonly dataDir: string;
  readonly configFile: string;
  readonly pid: number;
  /** What the daemon printed to stdout so far. */
  stdout(): string;
  /** What the daemon logged to stderr so far. */
  stderr(): string;
  /** Connects a caller. */
  call(options?: Omit<ClientOptions, "port">): Promise<TelnetTestClient>;
  /** Runs `main.ts ARGS` against the same data directory and config (admin commands). */
  carrier(
    args: string[],
    stdin?: string,
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Sends `signal` and waits for the process to exit; removes a temporary data directory. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** What an admin command printed and how it ended. */
export interface CarrierResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main.ts ARGS` (an admin command) with `stdin` piped in when given. */
export async function runCarrier(args: string[], stdin?: string): Promise<CarrierResult> {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", ...SERVE_PERMISSIONS, "main.ts", ...args],
    cwd: ROOT,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (stdin !== undefined) {
    const writer = command.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const result = await command.output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
  };
}

/** Whether the program `name` is on the PATH (tests that need a real peer ask first). */
export function hasCommand(name: string): boolean {
  try {
    return new Deno.Command("which", { args: [name], stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

/** Starts `main.ts serve` and waits for its "listening" line. */
export async function startTestDaemon(options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? await Deno.makeTempDir({ prefix: "carrier-e2e-" });
  const configFile = `${dataDir}/test-config.json`;
  await Deno.writeTextFile(
    configFile,
    JSON.stringify(mergeSettings(TEST_SETTINGS, options.settings ?? {})),
  );
  const common = [
    "--data",
    dataDir,
    "--config",
    configFile,
    ...(options.database ? ["--database", options.database] : []),
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...SERVE_PERMISSIONS,
      "main.ts",
      "serve",
      "--host",
      "127.0.0.1",
      "--telnet-port",
      "0",
      ...common,
    ],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  }).spawn();
  let out = "";
  let err = "";
  let onOut: (() => void) | undefined;
  const collect = async (stream: ReadableStream<Uint8Array>, append: (text: string) => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      append(decoder.decode(chunk, { stream: true }));
      onOut?.();
    }
  };
  const pumps = Promise.all([
    collect(child.stdout, (text) => out += text),
    collect(child.stderr, (text) => err += text),
  ]);
  const status = child.status;
  let exited = false;
  status.then(() => {
    exited = true;
    onOut?.();
  });

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => check(true), 30_000);
    const check = (timedOut = false) => {
      const match = /listening on telnet:\/\/[^:]+:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        onOut = undefined;
        resolve(Number(match[1]));
      } else if (exited || timedOut) {
        clearTimeout(timer);
        onOut = undefined;
        reject(new Error(`Daemon did not start.\nstdout:\n${out}\nstderr:\n${err}`));
      }
    };
    onOut = check;
    check();
  });

  let stopped: Promise<Deno.CommandStatus> | undefined;
  return {
    port,
    dataDir,
    configFile,
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    call: (clientOptions = {}) =>
      TelnetTestClient.connect({ emulate: true, ...clientOptions, port }),
    carrier: (args, stdin) => runCarrier([...args, ...common], stdin),
    stop(signal = "SIGTERM") {
      return stopped ??= (async () => {
        if (!exited) {
          try {
            child.kill(signal);
          } catch {
            // It exited meanwhile.
          }
        }
        const result = await status;
        await pumps;
        if (ownDir) await Deno.remove(dataDir, { recursive: true });
        return result;
      })();
    },
  };
}

function mergeSettings(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] =
      typeof value === "object" && value !== null && typeof current === "object" && current !== null
        ? { ...current, ...value }
        : value;
  }
  return merged;
}
