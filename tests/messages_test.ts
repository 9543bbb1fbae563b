import assert from "node:assert/strict";
import { startTestDaemon, type TestDaemon } from "./support/daemon.ts";
import {
  applyAsNew,
  logIn,
  menuScreen,
  openMessages,
  PASSWORD,
  post,
  sayGoodbye,
} from "./support/flows.ts";

/** A board with a sysop made on the command line, and a public and a level-50 area. */
async function boardWithAreas(dataDir?: string): Promise<TestDaemon> {
  const daemon = await startTestDaemon(dataDir === undefined ? {} : { dataDir });
  const run = async (args: string[], stdin?: string) => {
    const result = await daemon.carrier(args, stdin);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  await run(["user", "add", "Sysop", "--sysop"], `${PASSWORD}\n`);
  await run(["area", "add", "general", "--name", "General", "--conference", "Local"]);
  await run([
    "area",
    "add",
    "inner",
    "--name",
    "Inner Circle",
    "--conference",
    "Local",
    "--read",
    "50",
  ]);
  return daemon;
}

Deno.test("two callers post, reply with a quote, and read each other's messages", async () => {
  const daemon = await boardWithAreas();
  try {
    const alice = await daemon.call();
    await applyAsNew(alice, "Alice Liddell");
    await openMessages(alice);
    await post(alice, "Hello, board", ["First post on the new board.", "Who else is here?"]);

    const bob = await daemon.call();
    await applyAsNew(bob, "Bob");
    assert.match(await menuScreen(bob), /New messages\s+1\b/);
    await openMessages(bob);
    await bob.send("n");
    await bob.expect("1 new message in 1 area.");
    let screen = await bob.expectScreen(/Space: more/);
    assert.match(screen, /Local \/ General\s+#1 of 1/);
    assert.match(screen, /From:\s+Alice Liddell\s+To:\s+All/);
    assert.match(screen, /Subj:\s+Hello, board/);
    assert.match(screen, /First post on the new board\.\nWho else is here\?/);

    await bob.send("r");
    await bob.expect("Reply to #1 by Alice Liddell");
    await bob.expect("1: ");
    await bob.line("/q");
    await bob.expect("Quoted 2 lines.");
    await bob.line("I am! Welcome.");
    await bob.line("/l");
    await bob.expect("3: I am! Welcome.");
    await bob.line("/s");
    await bob.expect("Saved as #2 in General");
    await bob.send("q");
    await bob.expect("Command: ");

    await alice.send("l");
    screen = await alice.expectScreen(/Enter read/);
    assert.match(screen, /2 messages, newest first/);
    assert.match(screen, /\s+2 Bob\s+Alice Liddell\s+Re: Hello, board/);
    assert.match(screen, /\s+1 Alice Liddell\s+All\s+Hello, board \(1\)/);
    await alice.send("\r");
    screen = await alice.expectScreen(/Space: more/);
    assert.match(screen, /From:\s+Bob\s+To:\s+Alice Liddell/);
    assert.match(screen, / AL> First post on the new board\./);
    assert.match(screen, /I am! Welcome\./);
    assert.match(screen, /a reply \(U: up\)/);
    await alice.send("u");
    await alice.expectScreen(/#1 of 2[\s\S]*1 reply/);
    await alice.send("q");
    await alice.expectScreen(/Enter read/);
    await alice.send("q");
    await alice.expect("Command: ");
    await alice.send("q");
    await Promise.all([
      sayGoodbye(alice),
      (async () => {
        await bob.send("q");
        await sayGoodbye(bob);
      })(),
    ]);
  } finally {
    await daemon.stop();
  }
});

Deno.test("private mail is waiting at login, readable by its recipient, and by the sysop only on purpose", async () => {
  const daemon = await boardWithAreas();
  try {
    await Promise.all(["Alice", "Bob", "Carol"].map(async (handle) => {
      const client = await daemon.call();
      await applyAsNew(client, handle);
      await sayGoodbye(client);
    }));
    const bob = await daemon.call();
    await logIn(bob, "Bob");
    await openMessages(bob);
    await bob.send("e");
    await bob.expect("Q)uit: ");
    await bob.line("s");
    await bob.expect("To (handle): ");
    await bob.line("alice");
    await bob.expect("Subject: ");
    await bob.line("Just between us");
    await bob.expect("1: ");
    await bob.line("The coffee machine is fixed.");
    await bob.line("/s");
    await bob.expect("Sent to Alice.");
    await bob.line("q");
    await bob.send("q");
    await sayGoodbye(bob);

    const alice = await daemon.call();
    await alice.expect("or NEW to apply: ");
    await alice.line("Alice");
    await alice.line(PASSWORD);
    await alice.expect("You have 1 unread private message. Read now? (Y/n)");
    await alice.send("y");
    await alice.expect("Q)uit: ");
    assert.match(alice.text, /1\* Bob\s+Just between us/);
    await alice.line("1");
    await alice.expect("The coffee machine is fixed.");
    await alice.send("x");
    await alice.expect("Q)uit: ");
    await alice.line("q");
    await alice.expect("Command:");
    assert.match(await menuScreen(alice), /Unread mail\s+0\b/);
    await sayGoodbye(alice);

    const carol = await daemon.call();
    await logIn(carol, "Carol");
    await openMessages(carol);
    await carol.send("e");
    await carol.expect("No mail here.");
    await carol.line("q");
    await carol.send("q");
    await sayGoodbye(carol);

    const listed = await daemon.carrier(["mail", "list", "alice"]);
    assert.match(listed.stdout, /To Alice: 1 message\n\s+\d+\s+\S+ \S+\s+Bob\s+Just between us/);
    const id = /\n\s+(\d+)\s/.exec(listed.stdout)![1]!;
    const shown = await daemon.carrier(["mail", "show", id]);
    assert.match(shown.stdout, /From:\s+Bob\nTo:\s+Alice\nSubject: Just between us/);
    assert.match(shown.stdout, /The coffee machine is fixed\./);
  } finally {
    await daemon.stop();
  }
});

Deno.test("a level-10 caller neither sees nor counts a level-50 area; the sysop does", async () => {
  const daemon = await boardWithAreas();
  try {
    const sysop = await daemon.call();
    await logIn(sysop, "Sysop");
    await openMessages(sysop);
    await sysop.send("a");
    await sysop.expect("Area number");
    assert.match(sysop.text, /Inner Circle/);
    await sysop.line("2");
    await sysop.expect("Area: Inner Circle");
    await sysop.expect("Command: ");
    await sysop.send("p");
    await sysop.expect("(Enter for All): ");
    await sysop.line("");
    await sysop.line("Staff only");
    await sysop.expect("1: ");
    await sysop.line("Plans for the board.");
    await sysop.line("/s");
    await sysop.expect("Saved as #1 in Inner Circle");
    await sysop.send("q");
    await sayGoodbye(sysop);

    const caller = await daemon.call();
    await applyAsNew(caller, "Newbie");
    assert.match(await menuScreen(caller), /New messages\s+0\b/);
    await openMessages(caller);
    await caller.send("a");
    await caller.expect("Area number");
    assert.doesNotMatch(caller.text, /Inner Circle/);
    await caller.line("");
    await caller.send("n");
    await caller.expect("No new messages.");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
  }
});

Deno.test("a post is on disk when the caller sees Saved: SIGKILL right after loses nothing", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-durable-" });
  const daemon = await boardWithAreas(dataDir);
  let restarted: TestDaemon | undefined;
  try {
    const alice = await daemon.call();
    await applyAsNew(alice, "Alice");
    await openMessages(alice);
    await alice.send("p");
    await alice.expect("(Enter for All): ");
    await alice.line("");
    await alice.line("Durable?");
    await alice.expect("1: ");
    await alice.line("This must survive a crash.");
    await alice.line("/s");
    await alice.expect("Saved as #1");
    const status = await daemon.stop("SIGKILL");
    assert.equal(status.signal, "SIGKILL");
    await alice.closed;

    restarted = await startTestDaemon({ dataDir: dataDir });
    const listed = await restarted.carrier(["area", "list"]);
    assert.match(listed.stdout, /^general\s+General\s+Local\s+0\s+0\s+1$/m);
  } finally {
    await restarted?.stop();
    await daemon.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("the sysop imports an mbox and manages areas on the command line", async () => {
  const daemon = await boardWithAreas();
  const mbox = await Deno.makeTempFile({ suffix: ".mbox" });
  try {
    await Deno.writeTextFile(
      mbox,
      [
        "From ada@example.org Mon Jan  5 10:00:00 2026",
        "From: Ada <ada@example.org>",
        "To: List <list@example.org>",
        "Subject: =?UTF-8?Q?Caf=C3=A9_meeting?=",
        "Date: Mon, 05 Jan 2026 10:00:00 +0000",
        "Message-ID: <one@example.org>",
        "",
        "Shall we meet at the café?",
        ">From the archive: yes.",
        "",
        "From grace@example.org Mon Jan  5 11:00:00 2026",
        "From: Grace <grace@example.org>",
        "Subject: Re: Café meeting",
        "Date: Mon, 05 Jan 2026 11:00:00 +0000",
        "Message-ID: <two@example.org>",
        "In-Reply-To: <one@example.org>",
        "",
        "Count me in.",
        "",
      ].join("\n"),
    );
    const imported = await daemon.carrier(["messages", "import", "general", mbox]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(imported.stdout.trim(), "Imported 2 messages into general");

    const edited = await daemon.carrier([
      "area",
      "edit",
      "general",
      "--name",
      "General Chat",
      "--post",
      "20",
    ]);
    assert.equal(edited.code, 0, edited.stderr);
    const listed = await daemon.carrier(["area", "list"]);
    assert.match(listed.stdout, /^general\s+General Chat\s+Local\s+0\s+20\s+2$/m);
    assert.match(listed.stdout, /^inner\s+Inner Circle\s+Local\s+50\s+50\s+0$/m);
    const refused = await daemon.carrier(["area", "delete", "general"]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^carrier: .*messages/m);

    const reader = await daemon.call();
    await applyAsNew(reader, "Reader");
    await openMessages(reader);
    await reader.send("r");
    const screen = await reader.expectScreen(/Space: more/);
    assert.match(screen, /From:\s+Ada\s+To:\s+List/);
    assert.match(screen, /Subj:\s+Café meeting/);
    assert.match(screen, /Date:\s+2026-01-05/);
    assert.match(screen, /Shall we meet at the café\?\nFrom the archive: yes\./);
    await reader.send("n");
    assert.match(await reader.expectScreen(/Count me in\./), /a reply \(U: up\)/);
    await reader.send("q");
    await reader.expect("Command: ");
    await reader.send("p");
    await reader.expect("You may read this area but not post in it.");
    await reader.send("q");
    await sayGoodbye(reader);

    const deleted = await daemon.carrier(["area", "delete", "general", "--force"]);
    assert.equal(deleted.stdout.trim(), "Deleted area general and its 2 messages");
  } finally {
    await Deno.remove(mbox);
    await daemon.stop();
  }
});

Deno.test("callers delete their own messages but not others'", async () => {
  const daemon = await boardWithAreas();
  try {
    const alice = await daemon.call();
    await applyAsNew(alice, "Alice");
    await openMessages(alice);
    await post(alice, "Mine", ["Alice wrote this."]);
    await post(alice, "Also mine", ["And this."]);
    const bob = await daemon.call();
    await applyAsNew(bob, "Bob");
    await openMessages(bob);
    await bob.send("r");
    await bob.expectScreen(/Alice wrote this\./);
    await bob.send("d");
    await bob.expectScreen(/You can only delete your own messages\./);
    await bob.send("q");
    await bob.expect("Command: ");

    // Alice has read her own posts, so Read starts at the newest; P goes back to the first.
    await alice.send("r");
    await alice.expectScreen(/And this\./);
    await alice.send("p");
    await alice.expectScreen(/Alice wrote this\./);
    await alice.send("d");
    await alice.expect("Delete message #1? (y/N)");
    await alice.send("y");
    await alice.expectScreen(/Message deleted\./);
    await alice.send("q");
    await alice.expect("Command: ");
    await bob.send("l");
    const list = await bob.expectScreen(/1 message, newest first/);
    assert.doesNotMatch(list, /Mine\b(?! )/);
    assert.match(list, /Also mine/);
    await bob.send("q");
    await bob.send("q");
    await alice.send("q");
    await Promise.all([sayGoodbye(alice), sayGoodbye(bob)]);
  } finally {
    await daemon.stop();
  }
});
