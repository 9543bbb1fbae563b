import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import {
  hasCommand,
  ROOT,
  runCarrier as carrier,
  SERVE_PERMISSIONS,
  startTestDaemon,
} from "./support/daemon.ts";
import { logIn, menuScreen, sayGoodbye } from "./support/flows.ts";

Deno.test("user add prepares the board that serve then serves", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
  try {
    const added = await carrier(
      ["user", "add", "Sysop", "--sysop", "--data", dataDir],
      "sysop-secret\n",
    );
    assert.equal(added.code, 0, added.stderr);
    assert.equal(added.stdout.trim(), "Added Sysop (level 255, sysop)");

    const second = await carrier(
      ["user", "add", "Guest", "--level", "20", "--data", dataDir],
      "guest-pass\n",
    );
    assert.equal(second.stdout.trim(), "Added Guest (level 20)");

    const daemon = await startTestDaemon({ dataDir });
    try {
      const client = await daemon.call();
      await logIn(client, "sysop", "sysop-secret");
      assert.match(await menuScreen(client), /Caller\s+Sysop\s+Level\s+255\b/);
      await sayGoodbye(client);
    } finally {
      await daemon.stop();
    }

    const listed = await carrier(["user", "list", "--data", dataDir]);
    assert.match(listed.stdout, /^Sysop\s+255\s+yes\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d$/m);
    assert.match(listed.stdout, /^Guest\s+20\s+no\s+0\s+never$/m);
    assert.match(listed.stdout, /^2 users$/m);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("passwd and delete change an account, and mistakes get one clear line", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
  try {
    await carrier(["user", "add", "Sysop", "--data", dataDir], "first-pass\n");
    const changed = await carrier(["user", "passwd", "SYSOP", "--data", dataDir], "second-pass\n");
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(changed.stdout.trim(), "Password of Sysop changed");

    const daemon = await startTestDaemon({ dataDir });
    try {
      const client = await daemon.call();
      await logIn(client, "Sysop", "second-pass");
      await sayGoodbye(client);
    } finally {
      await daemon.stop();
    }

    const duplicate = await carrier(["user", "add", "sysop", "--data", dataDir], "whatever-pass\n");
    assert.equal(duplicate.code, 1);
    assert.equal(duplicate.stderr.trim(), 'carrier: Cannot add "sysop": the handle is taken');

    const short = await carrier(["user", "add", "Shorty", "--data", dataDir], "abc\n");
    assert.equal(short.code, 1);
    assert.equal(short.stderr.trim(), "carrier: The password needs at least 8 characters");

    const deleted = await carrier(["user", "delete", "sysop", "--data", dataDir]);
    assert.equal(deleted.stdout.trim(), "Deleted sysop");
    const missing = await carrier(["user", "delete", "sysop", "--data", dataDir]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim(), 'carrier: Cannot delete "sysop": no such user');

    const unknown = await carrier(["frobnicate", "--data", dataDir]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^carrier: Unknown command "frobnicate"/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("migrate says what it applied, then that nothing is pending", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
  try {
    const first = await carrier(["migrate", "--data", dataDir]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /applied 0001_users/);
    const second = await carrier(["migrate", "--data", dataDir]);
    assert.match(second.stdout, /up to date, nothing to apply/);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a bad setting stops serve with a message naming it", async () => {
  const result = await carrier(["serve", "--telnet-port", "99999"]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr.trim(),
    'carrier: Setting "telnetPort" must be a whole number from 0 to 65535 (got 99999)',
  );
});

Deno.test("serve on a port that is taken says so", async () => {
  const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
  try {
    const port = (blocker.addr as Deno.NetAddr).port;
    const result = await carrier([
      "serve",
      "--host",
      "127.0.0.1",
      "--telnet-port",
      String(port),
      "--data",
      dataDir,
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^carrier: .*[Aa]ddress (already )?in use/m);
  } finally {
    blocker.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a hash made with older parameters is replaced at the next login", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
  try {
    const added = await carrier(
      [
        "user",
        "add",
        "Oldtimer",
        "--password-memory-kib",
        "4096",
        "--password-iterations",
        "1",
        "--data",
        dataDir,
      ],
      "old-params-pass\n",
    );
    assert.equal(added.code, 0, added.stderr);
    const before = storedHash(dataDir, "oldtimer");
    assert.match(before, /^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);

    const daemon = await startTestDaemon({ dataDir });
    try {
      const client = await daemon.call();
      await logIn(client, "Oldtimer", "old-params-pass");
      await sayGoodbye(client);
    } finally {
      await daemon.stop();
    }
    assert.match(daemon.stderr(), /Password re-hashed with current parameters handle="Oldtimer"/);
    assert.match(storedHash(dataDir, "oldtimer"), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    // The new hash still lets the caller in.
    const again = await startTestDaemon({ dataDir });
    try {
      const client = await again.call();
      await logIn(client, "Oldtimer", "old-params-pass");
      await sayGoodbye(client);
    } finally {
      await again.stop();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test({
  name: "user add on a terminal asks for the password twice without echoing it",
  ignore: !hasCommand("expect") && !Deno.env.get("CI"),
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "carrier-cli-" });
    try {
      const script = [
        "set timeout 30",
        `spawn ${Deno.execPath()} run ${
          SERVE_PERMISSIONS.join(" ")
        } main.ts user add Typist --data ${dataDir}`,
        'expect "Password: "',
        'send "typed-secret\\r"',
        'expect "Once more: "',
        'send "typed-secret\\r"',
        'expect "Added Typist (level 255, sysop)"',
        "expect eof",
      ].join("\n");
      const result = await new Deno.Command("expect", {
        args: ["-c", script],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      const transcript = new TextDecoder().decode(result.stdout);
      assert.equal(result.code, 0, transcript);
      assert.match(transcript, /Added Typist/);
      assert.doesNotMatch(transcript, /typed-secret/, "the password is not echoed");
      assert.match(storedHash(dataDir, "typist"), /^\$argon2id\$/);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

function storedHash(dataDir: string, handleKey: string): string {
  const db = new DatabaseSync(`${dataDir}/carrier.db`, { readOnly: true });
  try {
    const row = db.prepare("SELECT password_hash FROM users WHERE handle_key = ?").get(handleKey);
    return String(row?.password_hash);
  } finally {
    db.close();
  }
}
