import assert from "node:assert/strict";
import { hasCommand, startTestDaemon } from "./support/daemon.ts";

const hasTools = ["telnet", "expect"].every(hasCommand);

Deno.test({
  name: "Debian's telnet client applies, lists who's online, leaves and logs in again",
  // CI installs both (.ci/run); on a laptop without them the test says so instead of failing.
  ignore: !hasTools && !Deno.env.get("CI"),
  async fn() {
    const daemon = await startTestDaemon();
    try {
      const script = new URL("./fixtures/telnet_call.exp", import.meta.url).pathname;
      const result = await new Deno.Command("expect", {
        args: ["-f", script, String(daemon.port), "Telly", "hunter2hunter2"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const transcript = new TextDecoder().decode(result.stdout);
      assert.equal(
        result.code,
        0,
        `expect failed:\n${transcript}\n${new TextDecoder().decode(result.stderr)}`,
      );
      assert.match(transcript, /CALL COMPLETE/);
      const screen = transcript.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
      // The real client negotiated: its TTYPE (from TERM) and NAWS reached the board.
      assert.match(screen, /Node 1 of 100 {2}· {2}\S+ \d+x\d+/);
      assert.match(screen, /Telly\s+Terminal Room\s+Who's online/);
      const users = await daemon.carrier(["user", "list"]);
      assert.match(users.stdout, /^Telly\s+255\s+yes\s+2\s/m);
    } finally {
      await daemon.stop();
    }
  },
});
