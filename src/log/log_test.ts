import assert from "node:assert/strict";
import { CarrierError } from "../errors.ts";
import { log, setLogLevel } from "./log.ts";

Deno.test("levels above the chosen one are off and build nothing", () => {
  const lines: string[] = [];
  setLogLevel("warn", (line) => lines.push(line));
  try {
    assert.equal(log.info, undefined);
    assert.equal(log.debug, undefined);
    log.warn?.("Login failed", {
      handle: "Bob",
      node: 2,
      error: new CarrierError("AUTH_LOCKED", "locked"),
    });
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      / WARN {2}Login failed handle="Bob" node=2 error="AUTH_LOCKED: locked"$/,
    );
  } finally {
    setLogLevel("info");
  }
});
