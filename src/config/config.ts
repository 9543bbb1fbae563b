/**
 * Carrier's settings: defaults, then a JSONC file, then `CARRIER_*` environment variables,
 * then command-line flags, each overriding the one before.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import { parseJsonc } from "./jsonc.ts";

/** Every setting of the daemon. File keys are these names; nested groups are objects. */
export interface Config {
  /** Address the telnet listener binds to. */
  host: string;
  /** Telnet port; 0 picks a free one (tests). */
  telnetPort: number;
  /** Directory for the SQLite store, theme and files. */
  data: string;
  /** `sqlite:PATH` or `postgres://…`; empty means `sqlite:<data>/carrier.db`. */
  database: string;
  /** The board's name on screens. */
  systemName: string;
  /** Simultaneous callers; the next one is told the board is full. */
  maxNodes: number;
  /** Seconds without input before a caller is disconnected. */
  idleTimeoutSeconds: number;
  /** Seconds before the idle disconnect at which the caller is warned. */
  idleWarningSeconds: number;
  /** How long to wait for a client that never answers telnet negotiation. */
  negotiationGraceMs: number;
  /** `error`, `warn`, `info` or `debug`. */
  logLevel: string;
  /** Security level of a new caller. */
  newUserLevel: number;
  /** Minutes a call may last; 0 means no limit. */
  callMinutes: number;
  /** Modem speed to show ANSI art at, in bits per second, for the feel of it; 0 shows it at once. */
  artBaud: number;
  /** Hours an interrupted upload is kept so the caller can resume it. */
  uploadResumeHours: number;
  /** argon2id cost and password policy. */
  password: {
    memoryKib: number;
    iterations: number;
    parallelism: number;
    minLength: number;
    /** Hashing workers; 0 means one fewer than the CPU count (at least one). */
    workers: number;
  };
  /** Login attempts and throttling of failures. */
  login: {
    maxTries: number;
    baseDelayMs: number;
    maxDelayMs: number;
    lockAfter: number;
    lockMinutes: number;
  };
  /** PostgreSQL connection pool size. */
  postgres: { poolSize: number };
}

/** The built-in settings. */
export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  host: "0.0.0.0",
  telnetPort: 2323,
  data: "./data",
  database: "",
  systemName: "Carrier BBS",
  maxNodes: 100,
  idleTimeoutSeconds: 600,
  idleWarningSeconds: 60,
  negotiationGraceMs: 500,
  logLevel: "info",
  newUserLevel: 10,
  callMinutes: 0,
  artBaud: 0,
  uploadResumeHours: 72,
  password: { memoryKib: 19456, iterations: 2, parallelism: 1, minLength: 8, workers: 0 },
  login: { maxTries: 3, baseDelayMs: 500, maxDelayMs: 8000, lockAfter: 5, lockMinutes: 15 },
  postgres: { poolSize: 10 },
});

type Range = readonly [min: number, max: number];

/** Allowed ranges for numeric settings, by dotted key. */
const RANGES: Record<string, Range> = {
  telnetPort: [0, 65535],
  maxNodes: [1, 10000],
  idleTimeoutSeconds: [2, 86400],
  idleWarningSeconds: [0, 3600],
  negotiationGraceMs: [0, 10000],
  newUserLevel: [0, 255],
  callMinutes: [0, 1440],
  artBaud: [0, 10_000_000],
  uploadResumeHours: [1, 8760],
  "password.memoryKib": [8, 4194304],
  "password.iterations": [1, 100],
  "password.parallelism": [1, 64],
  "password.minLength": [1, 128],
  "password.workers": [0, 64],
  "login.maxTries": [1, 10],
  "login.baseDelayMs": [0, 60000],
  "login.maxDelayMs": [0, 600000],
  "login.lockAfter": [1, 1000],
  "login.lockMinutes": [0, 1440],
  "postgres.poolSize": [1, 1000],
};

const LOG_LEVELS = ["error", "warn", "info", "debug"];

/** Sources of settings, highest precedence last. */
export interface ConfigSources {
  /** Values from flags, by dotted key (`telnetPort`, `data`…), as strings. */
  flags?: Record<string, string>;
  /** The environment (`CARRIER_TELNET_PORT`, `CARRIER_PASSWORD_MIN_LENGTH`…). */
  env?: Record<string, string | undefined>;
  /** Path of a JSONC config file; `CARRIER_CONFIG` in `env` is used when absent. */
  configFile?: string;
}

/** The environment variable for a dotted key: `password.minLength` → `CARRIER_PASSWORD_MIN_LENGTH`. */
export function envName(key: string): string {
  return "CARRIER_" + key.replace(/\./g, "_").replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/** Dotted keys of every leaf setting, in declaration order. */
export function configKeys(): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(DEFAULT_CONFIG)) {
    if (typeof value === "object") {
      for (const inner of Object.keys(value)) keys.push(`${key}.${inner}`);
    } else keys.push(key);
  }
  return keys;
}

/**
 * Builds the effective settings from defaults, file, environment and flags.
 *
 * @throws {CarrierError} `CONFIG_INVALID` naming the setting, its source and what is allowed
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<Config> {
  const config = structuredClone(DEFAULT_CONFIG) as Config;
  const env = sources.env ?? {};
  const file = sources.configFile ?? env.CARRIER_CONFIG;
  if (file) applyFile(config, file, await readConfigFile(file));
  for (const key of configKeys()) {
    const value = env[envName(key)];
    if (value !== undefined && value !== "") setFromString(config, key, value, envName(key));
  }
  for (const [key, value] of Object.entries(sources.flags ?? {})) {
    setFromString(config, key, value, `--${flagName(key)}`);
  }
  validate(config);
  if (config.database === "") config.database = `sqlite:${joinPath(config.data, "carrier.db")}`;
  return config;
}

/** The flag for a dotted key: `telnetPort` → `telnet-port`. */
export function flagName(key: string): string {
  return key.replace(/\./g, "-").replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

async function readConfigFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new CarrierError(
      "CONFIG_INVALID",
      `Cannot read config file "${path}": ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    return parseJsonc(text);
  } catch (error) {
    throw new CarrierError(
      "CONFIG_INVALID",
      `Cannot parse config file "${path}": ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

function applyFile(config: Config, path: string, parsed: unknown): void {
  if (!isRecord(parsed)) {
    throw new CarrierError("CONFIG_INVALID", `Config file "${path}" must hold one JSON object`);
  }
  const target = config as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(parsed)) {
    const current = target[key];
    if (current === undefined) throw unknownKey(path, key);
    if (isRecord(current)) {
      if (!isRecord(value)) throw invalid(key, path, "an object");
      for (const [inner, innerValue] of Object.entries(value)) {
        if (current[inner] === undefined) throw unknownKey(path, `${key}.${inner}`);
        current[inner] = checkType(`${key}.${inner}`, innerValue, current[inner], path);
      }
    } else {
      target[key] = checkType(key, value, current, path);
    }
  }
}

function checkType(key: string, value: unknown, current: unknown, source: string): unknown {
  if (typeof value !== typeof current) throw invalid(key, source, `a ${typeof current}`);
  return value;
}

function setFromString(config: Config, key: string, raw: string, source: string): void {
  const [group, inner] = key.split(".") as [string, string | undefined];
  const target = config as unknown as Record<string, unknown>;
  const holder = inner === undefined ? target : target[group];
  const field = inner ?? group;
  if (!isRecord(holder) || holder[field] === undefined) {
    throw new CarrierError("CONFIG_INVALID", `Unknown setting "${key}" (from ${source})`);
  }
  if (typeof holder[field] === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) throw invalid(key, source, "a number");
    holder[field] = n;
  } else {
    holder[field] = raw;
  }
}

function validate(config: Config): void {
  const flat = config as unknown as Record<string, Record<string, unknown>>;
  for (const [key, [min, max]] of Object.entries(RANGES)) {
    const [group, inner] = key.split(".") as [string, string | undefined];
    const value = inner === undefined ? flat[group] : flat[group]![inner];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(key, undefined, `a whole number from ${min} to ${max}`, value);
    }
  }
  if (!LOG_LEVELS.includes(config.logLevel)) {
    throw invalid("logLevel", undefined, `one of ${LOG_LEVELS.join(", ")}`, config.logLevel);
  }
  if (config.idleWarningSeconds >= config.idleTimeoutSeconds) {
    throw invalid(
      "idleWarningSeconds",
      undefined,
      "less than idleTimeoutSeconds",
      config.idleWarningSeconds,
    );
  }
  if (config.password.memoryKib < 8 * config.password.parallelism) {
    throw invalid(
      "password.memoryKib",
      undefined,
      "at least 8 × password.parallelism",
      config.password.memoryKib,
    );
  }
  if (config.data.trim() === "") throw invalid("data", undefined, "a directory path", config.data);
}

function invalid(
  key: string,
  source: string | undefined,
  expected: string,
  value?: unknown,
): CarrierError {
  const got = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
  const from = source === undefined ? "" : ` from ${source}`;
  return new CarrierError("CONFIG_INVALID", `Setting "${key}"${from} must be ${expected}${got}`);
}

function unknownKey(path: string, key: string): CarrierError {
  return new CarrierError(
    "CONFIG_INVALID",
    `Config file "${path}" has an unknown setting "${key}"; known settings: ${
      configKeys().join(", ")
    }`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}
