// deno-lint-ignore-file no-console -- usage and errors go to the operator's terminal
/**
 * The `carrier` command line: `serve` (default), `migrate`, `user add|list|passwd|delete`,
 * `area add|list|edit|delete`, `messages import`, `filearea add|list|edit|delete`, `file add`
 * and `mail list|show`. Every subcommand takes the same `--data`, `--database` and `--config`
 * options (and a flag for every other setting).
 *
 * @module
 */

import { type Config, loadConfig } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";
import type { AreaOptions } from "./area_commands.ts";
import { parseArgs } from "./args.ts";
import type { FileAreaOptions } from "./file_commands.ts";
import {
  configureLogging,
  migrate,
  serve,
  userAdd,
  userDelete,
  userList,
  userPasswd,
} from "./commands.ts";

/** Usage text printed by `carrier --help` and after a usage error. */
export const USAGE = `Usage: carrier [command] [options]

Commands:
  serve                          Run the BBS (the default)
  migrate                        Apply pending database migrations
  user add HANDLE [--sysop] [--level N]
                                 Create an account (password from stdin)
  user list                      List accounts
  user passwd HANDLE             Set a new password (from stdin)
  user delete HANDLE             Delete an account
  area add TAG [--name N] [--conference C] [--description D] [--read L] [--post L] [--pipes]
                                 Create a message area (and its conference)
  area list                      List message areas
  area edit TAG [same options, --no-pipes]
                                 Change a message area
  area delete TAG [--force]      Delete an area (--force: with its messages)
  messages import TAG FILE       Import an mbox file into an area
  filearea add TAG [--name N] [--description D] [--download L] [--upload L] [--max-size BYTES]
                                 Create a file area
  filearea list                  List file areas
  filearea edit TAG [same options]
                                 Change a file area
  filearea delete TAG [--force]  Delete a file area (--force: with its files)
  file add TAG PATH [--description D]
                                 Add a file from disk to a file area
  mail list HANDLE               Sysop: list a caller's private mail
  mail show ID                   Sysop: show one private message

Options (every command):
  --host ADDR          Address to listen on (default 0.0.0.0)
  --telnet-port N      Telnet port (default 2323)
  --data DIR           Data directory (default ./data)
  --database URL       sqlite:PATH (default sqlite:<data>/carrier.db) or postgres://user@host/db
  --config FILE        JSONC settings file (also CARRIER_CONFIG)
  Every setting has a flag (--max-nodes 50) and a CARRIER_* variable (CARRIER_MAX_NODES=50);
  flags win over variables, variables over the file, the file over defaults.
`;

/**
 * Runs the command line.
 *
 * @returns the process exit code
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`carrier: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.options.help) {
    console.log(USAGE);
    return 0;
  }
  const words = args.positionals.length === 0 ? ["serve"] : args.positionals;
  const run = findCommand(words);
  if (!run) return usageError(`Unknown command "${words.join(" ")}"`);
  try {
    const config = await loadConfig({
      flags: args.settings,
      env: Deno.env.toObject(),
      ...(args.configFile === undefined ? {} : { configFile: args.configFile }),
    });
    configureLogging(config);
    await run(config, args.options);
    return 0;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // Operators get one clear line; programming errors keep their stack for the bug report.
    const known = error instanceof CarrierError ||
      Object.values(Deno.errors).some((kind) => error instanceof kind);
    console.error(known ? `carrier: ${error.message}` : error.stack ?? String(error));
    return 1;
  }
}

type Options = Record<string, string | true>;

// The message-area and file-area commands are read only when one of them runs.
const areaCommands = () => import("./area_commands.ts");
const fileCommands = () => import("./file_commands.ts");
type Command = (config: Config, options: Options) => Promise<void>;

/** The command for the positional words, with its arguments bound; `undefined` when none fits. */
function findCommand(words: readonly string[]): Command | undefined {
  const [first, second, third, fourth, ...rest] = words;
  if (rest.length > 0) return undefined;
  const key = [first, second].join(" ");
  if (third === undefined && fourth === undefined) {
    if (first === "serve" && second === undefined) return (config) => serve(config);
    if (first === "migrate" && second === undefined) return (config) => migrate(config);
    if (key === "user list") return (config) => userList(config);
    if (key === "area list") return async (config) => (await areaCommands()).areaList(config);
    if (key === "filearea list") {
      return async (config) => (await fileCommands()).fileAreaList(config);
    }
  }
  if (third !== undefined && fourth === undefined) {
    switch (key) {
      case "user add":
        return (config, options) =>
          userAdd(config, third, {
            sysop: options.sysop === true,
            ...stringOption(options, "level"),
          });
      case "user passwd":
        return (config) => userPasswd(config, third);
      case "user delete":
        return (config) => userDelete(config, third);
      case "area add":
        return async (config, options) =>
          (await areaCommands()).areaAdd(config, third, areaOptions(options));
      case "area edit":
        return async (config, options) =>
          (await areaCommands()).areaEdit(config, third, areaOptions(options));
      case "area delete":
        return async (config, options) =>
          (await areaCommands()).areaDelete(config, third, areaOptions(options));
      case "filearea add":
        return async (config, options) =>
          (await fileCommands()).fileAreaAdd(config, third, fileAreaOptions(options));
      case "filearea edit":
        return async (config, options) =>
          (await fileCommands()).fileAreaEdit(config, third, fileAreaOptions(options));
      case "filearea delete":
        return async (config, options) =>
          (await fileCommands()).fileAreaDelete(config, third, fileAreaOptions(options));
      case "mail list":
        return async (config) => (await areaCommands()).mailList(config, third);
      case "mail show":
        return async (config) => (await areaCommands()).mailShow(config, third);
    }
  }
  if (key === "messages import" && third !== undefined && fourth !== undefined) {
    return async (config) => (await areaCommands()).messagesImport(config, third, fourth);
  }
  if (key === "file add" && third !== undefined && fourth !== undefined) {
    return async (config, options) =>
      (await fileCommands()).fileAdd(config, third, fourth, fileAreaOptions(options));
  }
  return undefined;
}

/** `{ [key]: value }` when `--flag` was given a value; `{}` otherwise, so the key stays absent. */
function stringOption<K extends string>(
  options: Options,
  key: K,
  flag: string = key,
): { [P in K]?: string } {
  const value = options[flag];
  return typeof value === "string" ? { [key]: value } as { [P in K]?: string } : {};
}

function areaOptions(options: Options): AreaOptions {
  return {
    ...stringOption(options, "name"),
    ...stringOption(options, "conference"),
    ...stringOption(options, "description"),
    ...stringOption(options, "read"),
    ...stringOption(options, "post"),
    ...(options.pipes === true
      ? { pipes: true }
      : options["no-pipes"] === true
      ? { pipes: false }
      : {}),
    ...(options.force === true ? { force: true } : {}),
  };
}

function fileAreaOptions(options: Options): FileAreaOptions {
  return {
    ...stringOption(options, "name"),
    ...stringOption(options, "description"),
    ...stringOption(options, "download"),
    ...stringOption(options, "upload"),
    ...stringOption(options, "maxSize", "max-size"),
    ...(options.force === true ? { force: true } : {}),
  };
}

function usageError(message: string): number {
  console.error(`carrier: ${message}\n\n${USAGE}`);
  return 2;
}
