import assert from "node:assert/strict";
import { parseArgs, wholeNumberOption } from "./args.ts";

Deno.test("settings, config file and command options are told apart", () => {
  const parsed = parseArgs([
    "user",
    "add",
    "Sysop",
    "--sysop",
    "--level=200",
    "--data",
    "/tmp/x",
    "--telnet-port=2424",
    "--password-min-length",
    "4",
    "--config",
    "board.jsonc",
  ]);
  assert.deepEqual(parsed.positionals, ["user", "add", "Sysop"]);
  assert.deepEqual(parsed.settings, {
    data: "/tmp/x",
    telnetPort: "2424",
    "password.minLength": "4",
  });
  assert.equal(parsed.configFile, "board.jsonc");
  assert.deepEqual(parsed.options, { sysop: true, level: "200" });
});

Deno.test("unknown options and missing values are errors", () => {
  assert.throws(() => parseArgs(["--telnetport", "1"]), /Unknown option --telnetport/);
  assert.throws(() => parseArgs(["--data"]), /--data needs a value/);
  assert.throws(() => parseArgs(["--sysop=yes"]), /--sysop takes no value/);
});

Deno.test("-h asks for help", () => {
  assert.equal(parseArgs(["-h"]).options.help, true);
});

Deno.test("a whole-number option is checked against its range, and absent stays absent", () => {
  assert.equal(wholeNumberOption("20", "read", 255), 20);
  assert.equal(wholeNumberOption(undefined, "read", 255), undefined);
  for (const typed of ["256", "-1", "2.5", "ten"]) {
    assert.throws(
      () => wholeNumberOption(typed, "read", 255),
      { message: `--read must be a whole number from 0 to 255 (got "${typed}")` },
    );
  }
  assert.throws(() => wholeNumberOption("9007199254740992", "max-size", Number.MAX_SAFE_INTEGER));
});
