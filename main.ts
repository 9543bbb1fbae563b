/**
 * `carrier`, the Carrier BBS daemon and its admin commands. See `carrier --help`.
 *
 * @module
 */
import { runCli } from "./src/cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
