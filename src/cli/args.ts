/**
 * Command-line parsing for `carrier`: positionals, `--name value`, `--name=value` and boolean
 * switches, with every setting of the config available as a flag.
 *
 * @module
 */

import { configKeys, flagName } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";

/** Parsed arguments. */
export interface ParsedArgs {
  /** Words that are not flags, in order (`user`, `add`, `Sysop`). */
  positionals: string[];
  /** Settings given as flags, by dotted config key (`telnetPort`). */
  settings: Record<string, string>;
  /** `--config FILE`. */
  configFile: string | undefined;
  /** Switches and command options (`sysop`, `level`, `help`). */
  options: Record<string, string | true>;
}

/** Options that are not settings, and whether they take a value. */
const COMMAND_OPTIONS: Record<string, boolean> = {
  sysop: false,
  level: true,
  help: false,
  name: true,
  conference: true,
  description: true,
  read: true,
  post: true,
  pipes: false,
  "no-pipes": false,
  force: false,
  download: true,
  upload: true,
  "max-size": true,
};

/** Flag name → dotted config key. */
const SETTING_FLAGS = new Map(configKeys().map((key) => [flagName(key), key]));

/**
 * Parses `argv`.
 *
 * @throws {SyntaxError} naming the unknown flag or the missing value
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], settings: {}, configFile: undefined, options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-h") {
      parsed.options.help = true;
      continue;
    }
    if (!arg.startsWith("--") || arg === "--") {
      if (arg !== "--") parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const setting = SETTING_FLAGS.get(name);
    const takesValue = setting !== undefined || name === "config" || COMMAND_OPTIONS[name] === true;
    if (setting === undefined && name !== "config" && !(name in COMMAND_OPTIONS)) {
      throw new SyntaxError(`Unknown option --${name}`);
    }
    let value: string | true = true;
    if (eq >= 0) {
      if (!takesValue) throw new SyntaxError(`Option --${name} takes no value`);
      value = arg.slice(eq + 1);
    } else if (takesValue) {
      const next = argv[i + 1];
      if (next === undefined) throw new SyntaxError(`Option --${name} needs a value`);
      value = next;
      i++;
    }
    if (setting !== undefined) parsed.settings[setting] = value as string;
    else if (name === "config") parsed.configFile = value as string;
    else parsed.options[name] = value;
  }
  return parsed;
}

/**
 * A command option that must be a whole number from 0 to `max` (`--read 20`), or `undefined`
 * when the option was not given.
 *
 * @throws {CarrierError} `CONFIG_INVALID`, naming the flag and what was typed
 */
export function wholeNumberOption(value: string, flag: string, max: number): number;
export function wholeNumberOption(
  value: string | undefined,
  flag: string,
  max: number,
): number | undefined;
export function wholeNumberOption(
  value: string | undefined,
  flag: string,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new CarrierError(
      "CONFIG_INVALID",
      `--${flag} must be a whole number from 0 to ${max} (got "${value}")`,
    );
  }
  return n;
}
