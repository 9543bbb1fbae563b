// deno-lint-ignore-file no-console -- usage and errors go to the operator's terminal
/**
 * The `carrier` command line: `serve` (default), `migrate`, `user add|list|passwd|delete`.
 * Every subcommand takes the same `--data`, `--database` and `--config` options (and a flag
 * for every other setting).
 *
 * @module
 */

import { loadConfig } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";
import { parseArgs } from "./args.ts";
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
  const [command = "serve", sub, handle, ...extra] = args.positionals;
  try {
    const config = await loadConfig({
      flags: args.settings,
      env: Deno.env.toObject(),
      ...(args.configFile === undefined ? {} : { configFile: args.configFile }),
    });
    configureLogging(config);
    if (command === "serve" && sub === undefined) {
      await serve(config);
    } else if (command === "migrate" && sub === undefined) {
      await migrate(config);
    } else if (command === "user" && sub === "list" && handle === undefined) {
      await userList(config);
    } else if (command === "user" && handle !== undefined && extra.length === 0) {
      if (sub === "add") {
        const level = args.options.level;
        await userAdd(config, handle, {
          sysop: args.options.sysop === true,
          ...(typeof level === "string" ? { level } : {}),
        });
      } else if (sub === "passwd") await userPasswd(config, handle);
      else if (sub === "delete") await userDelete(config, handle);
      else return usageError(`Unknown user command "${sub}"`);
    } else {
      return usageError(`Unknown command "${args.positionals.join(" ")}"`);
    }
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

function usageError(message: string): number {
  console.error(`carrier: ${message}\n\n${USAGE}`);
  return 2;
}
