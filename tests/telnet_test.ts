import assert from "node:assert/strict";
import { startTestDaemon, type TestDaemon } from "./support/daemon.ts";
import { applyAsNew, logIn, menuScreen, sayGoodbye } from "./support/flows.ts";

Deno.test("a raw TCP client that never negotiates still gets the prompt and can apply", async () => {
  const daemon = await startTestDaemon();
  try {
    const raw = await daemon.call({ mode: "raw" });
    await raw.expect("or NEW to apply: ");
    assert.match(raw.text, /Node 1 of 100 {2}· {2}ANSI 80x24/);
    // netcat sends bare LF line endings and echoes locally, so the board must not echo.
    await raw.send("NEW\n");
    await raw.expect("Handle: ");
    await raw.send("Netcat User\nsecret-pass\nsecret-pass\n\n\n");
    // No terminal type, so the board asks for the character set once and remembers it.
    await raw.expect("Which line shows a shaded bar and a box corner?");
    await raw.expect("Press 1 or 2: ");
    await raw.send("1");
    await raw.expect("Main Menu");
    await raw.expect("Command:");
    assert.match(await menuScreen(raw), /Terminal\s+ANSI\s+Screen\s+80x24/);
    assert.doesNotMatch(raw.text, /\*{11}/, "no masked echo for a client that echoes itself");
    await sayGoodbye(raw);

    const again = await daemon.call({ mode: "raw" });
    await again.expect("or NEW to apply: ");
    await again.send("netcat user\nsecret-pass\n");
    await again.expect("Main Menu");
    await again.expect("Command:");
    assert.doesNotMatch(again.text, /Which line shows/);
    assert.match(await menuScreen(again), /Charset\s+CP437/);
    await sayGoodbye(again);
  } finally {
    await daemon.stop();
  }
});

Deno.test("a client that refuses every option is served with defaults", async () => {
  const daemon = await startTestDaemon();
  try {
    const client = await daemon.call({ mode: "refuse" });
    await applyAsNew(client, "Refuser", { charset: "utf8" });
    assert.match(await menuScreen(client), /Terminal\s+ANSI\s+Screen\s+80x24/);
    assert.equal(client.serverEchoes, false);
    await sayGoodbye(client);
  } finally {
    await daemon.stop();
  }
});

Deno.test("terminal type and window size come from TTYPE and NAWS, and a resize is seen mid-session", async () => {
  const daemon = await startTestDaemon();
  try {
    const client = await daemon.call({
      terminalType: "SyncTERM",
      size: { width: 100, height: 40 },
    });
    await client.expect("SyncTERM 100x40");
    assert.equal(client.serverEchoes, true);
    await applyAsNew(client, "Resizer");
    assert.match(await menuScreen(client), /Terminal\s+SyncTERM\s+Screen\s+100x40/);
    await client.resize(132, 50);
    await client.send("?");
    await client.expect("Press one of the keys");
    assert.match(await menuScreen(client), /Terminal\s+SyncTERM\s+Screen\s+132x50/);
    await sayGoodbye(client);
  } finally {
    await daemon.stop();
  }
});

Deno.test("Enter as CR NUL, CR LF or bare LF counts once, with echo and masking", async () => {
  const daemon = await startTestDaemon();
  try {
    const client = await daemon.call();
    await client.expect("or NEW to apply: ");
    await client.send("new\r\0");
    await client.expect("Handle: ");
    await client.send("Enter Tester\n");
    await client.expect("Password (at least 8 characters): ");
    await client.send("password99\r");
    await client.send("\n"); // the LF of a CR LF split across packets
    await client.expect("Once more: ");
    await client.send("password99\r\n");
    await client.expect("Real name (optional): ");
    await client.send("\r\n\r\n");
    await client.expect("Main Menu");
    assert.match(client.text, /Handle: Enter Tester\r\n/);
    assert.match(client.text, /characters\): \*{10}\r\n/);
    // Exactly one prompt per Enter: no extra empty answers were taken.
    assert.equal((client.text.match(/Once more: /g) ?? []).length, 1);
    await sayGoodbye(client);
  } finally {
    await daemon.stop();
  }
});

Deno.test("two callers at once see each other in who's online", async () => {
  const daemon = await startTestDaemon();
  try {
    const alice = await daemon.call();
    const bob = await daemon.call();
    await Promise.all([applyAsNew(alice, "Alice", { location: "Lisbon" }), applyAsNew(bob, "Bob")]);
    await bob.send("w");
    const bobView = await bob.expect("Press any key");
    assert.match(bobView, /Who's online \(2 of 100 nodes\)/);
    assert.match(bobView, /\s+\d\s+Alice\s+Lisbon\s+Main menu\s+\d\d:\d\d/);
    assert.match(bobView, /\s+\d\* Bob\s+Who's online\s+\d\d:\d\d/);
    await alice.send("W");
    const aliceView = await alice.expect("Press any key");
    assert.match(aliceView, /\d\* Alice/);
    assert.match(aliceView, /\d\s+Bob\s+Who's online/);
    await bob.send(" ");
    await alice.send(" ");
    await Promise.all([sayGoodbye(alice), sayGoodbye(bob)]);
  } finally {
    await daemon.stop();
  }
});

Deno.test("cursor keys and escape sequences typed at a prompt never reach the handle", async () => {
  const daemon = await startTestDaemon();
  try {
    const client = await daemon.call();
    await client.expect("or NEW to apply: ");
    await client.line("new");
    await client.expect("Handle: ");
    await client.send("Ev\x1b[Ail\x1b[2J\x1b]0;pwned\x07\x1bOP");
    await client.line("");
    await client.expect("Password");
    await client.line("abcdefgh1");
    await client.line("abcdefgh1");
    await client.line("");
    await client.line("");
    await client.expect("Main Menu");
    await sayGoodbye(client);
    const listed = await daemon.carrier(["user", "list"]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, /\x1b/);
    assert.match(listed.stdout, /^Evil/m);
  } finally {
    await daemon.stop();
  }
});

Deno.test("an oversized subnegotiation is dropped and the call goes on", async () => {
  const daemon = await startTestDaemon();
  try {
    const client = await daemon.call();
    await client.expect("or NEW to apply: ");
    const flood = new Uint8Array(100_003).fill(0x41);
    flood.set([255, 250, 24], 0);
    flood.set([255, 240], flood.length - 2);
    await client.sendBytes(flood);
    await client.line("new");
    await client.expect("Handle: ");
    await client.close();
  } finally {
    await daemon.stop();
  }
});

Deno.test("a full board tells the next caller so and hangs up", async () => {
  const daemon = await startTestDaemon({ settings: { maxNodes: 1 } });
  try {
    const first = await daemon.call();
    await first.expect("or NEW to apply: ");
    const second = await daemon.call();
    await second.expect("all 1 nodes are busy. Please call back later.");
    await second.closed;
    await first.close();
  } finally {
    await daemon.stop();
  }
});

/** Sockets the daemon holds open (Linux: entries of /proc/PID/fd that are sockets). */
function openSockets(pid: number): number {
  let sockets = 0;
  for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
    try {
      if (Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`).startsWith("socket:")) sockets++;
    } catch {
      // Closed while we looked.
    }
  }
  return sockets;
}

/** Waits (up to 5 s) until the daemon has logged `count` disconnects. */
async function disconnects(daemon: TestDaemon, count: number): Promise<void> {
  for (let n = 0; n < 100 && (daemon.stderr().match(/ Disconnect /g) ?? []).length < count; n++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

Deno.test("callers who hang up, or are hung up on, leave no open sockets behind", async () => {
  const daemon = await startTestDaemon();
  try {
    // The first call starts the password workers; count from after it.
    const first = await daemon.call();
    await first.expect("or NEW to apply: ");
    await first.close();
    await disconnects(daemon, 1);
    const baseline = openSockets(daemon.pid);
    for (let i = 0; i < 10; i++) {
      const client = await daemon.call();
      await client.expect("or NEW to apply: ");
      await client.close();
    }
    const member = await daemon.call();
    await applyAsNew(member, "Leaver");
    await sayGoodbye(member);
    await disconnects(daemon, 12);
    let open = openSockets(daemon.pid);
    for (let n = 0; n < 100 && open > baseline; n++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      open = openSockets(daemon.pid);
    }
    assert.equal(open, baseline, "every caller's socket is closed");
  } finally {
    await daemon.stop();
  }
});

Deno.test("an idle caller is warned, then disconnected", async () => {
  const daemon = await startTestDaemon({
    settings: { idleTimeoutSeconds: 3, idleWarningSeconds: 2 },
  });
  try {
    const client = await daemon.call();
    await client.expect("or NEW to apply: ");
    await client.expect("Are you still there? You will be disconnected in");
    await client.expect("You have been idle too long. Goodbye!");
    await client.closed;
  } finally {
    await daemon.stop();
  }
});

Deno.test("SIGTERM says goodbye to connected callers and exits cleanly", async () => {
  const daemon = await startTestDaemon();
  const client = await daemon.call();
  await applyAsNew(client, "Stayer");
  const status = await daemon.stop("SIGTERM");
  await client.expect("The board is shutting down. Goodbye!");
  await client.closed;
  assert.equal(status.code, 0);
  assert.match(daemon.stderr(), /Stopping signal="SIGTERM"/);
  assert.match(daemon.stderr(), /Stopped/);
});

Deno.test("a second logged-in node does not disturb the first one's prompt", async () => {
  const daemon = await startTestDaemon();
  try {
    const one = await daemon.call();
    await applyAsNew(one, "First");
    const two = await daemon.call();
    await logIn(two, "First");
    await one.send("w");
    const view = await one.expect("Press any key");
    assert.equal((view.match(/First/g) ?? []).length, 2);
    await one.send(" ");
    await Promise.all([sayGoodbye(one), sayGoodbye(two)]);
  } finally {
    await daemon.stop();
  }
});
