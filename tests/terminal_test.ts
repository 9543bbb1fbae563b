import assert from "node:assert/strict";
import { startTestDaemon } from "./support/daemon.ts";
import { applyAsNew, logIn, menuScreen, sayGoodbye } from "./support/flows.ts";

Deno.test("an xterm-256color caller and an ANSI caller both see a correct main menu", async () => {
  const daemon = await startTestDaemon();
  try {
    const modern = await daemon.call({
      terminalType: "xterm-256color",
      utf8: true,
      size: { width: 100, height: 30 },
    });
    const classic = await daemon.call({ terminalType: "ANSI" });
    await applyAsNew(modern, "Renée", { location: "Montréal" });
    await applyAsNew(classic, "Zoë");
    for (const [client, charset] of [[modern, "UTF-8"], [classic, "CP437"]] as const) {
      const rows = await client.screen();
      assert.match(rows[0]!, /^┌─┤ Main Menu ├─+┐$/);
      assert.match(rows.join("\n"), new RegExp(`Charset\\s+${charset}`));
      assert.match(rows[rows.findIndex((row) => row.includes("[M]"))]!, /^│ \[M\] Message bases/);
      assert.match(rows.at(-1) === "" ? rows.join("\n") : "", /Command:/);
    }
    assert.match(await menuScreen(modern), /Caller\s+Renée\s+Level\s+255/);
    assert.match(await menuScreen(classic), /Caller\s+Zoë\s+Level\s+10\b/);
    // Colours: the title is bright white and the frame bright blue, in each terminal's way.
    const modernTitle = await modern.cell(4, 0);
    assert.deepEqual([modernTitle.chars, modernTitle.fg, modernTitle.bold], ["M", 15, false]);
    const classicTitle = await classic.cell(4, 0);
    assert.deepEqual([classicTitle.chars, classicTitle.fg, classicTitle.bold], ["M", 7, true]);
    assert.equal((await modern.cell(0, 0)).fg, 12);
    assert.deepEqual([(await classic.cell(0, 0)).fg, (await classic.cell(0, 0)).bold], [4, true]);
    await Promise.all([sayGoodbye(modern), sayGoodbye(classic)]);
  } finally {
    await daemon.stop();
  }
});

Deno.test("a caller switches character set in terminal settings and it is remembered", async () => {
  const daemon = await startTestDaemon();
  try {
    const first = await daemon.call({ terminalType: "ANSI" });
    await applyAsNew(first, "Switcher");
    await first.send("t");
    await first.expect("Character set   CP437");
    await first.send("c");
    await first.expect("Character set   UTF-8");
    await first.send("q");
    await first.expect("Command:");
    await sayGoodbye(first);

    // The next call is from the same CP437-speaking client, but the caller's choice wins.
    const again = await daemon.call({ terminalType: "ANSI", utf8: true });
    await logIn(again, "switcher");
    assert.match((await again.screen())[0]!, /^┌─┤ Main Menu ├─+┐$/);
    assert.match(await menuScreen(again), /Charset\s+UTF-8/);
    await sayGoodbye(again);
  } finally {
    await daemon.stop();
  }
});

Deno.test("typed é arrives the same from a UTF-8 and from a CP437 terminal", async () => {
  const daemon = await startTestDaemon();
  try {
    const modern = await daemon.call({ terminalType: "xterm", utf8: true });
    await applyAsNew(modern, "Café Olé");
    await sayGoodbye(modern);
    const classic = await daemon.call({ terminalType: "ANSI" });
    await logIn(classic, "CAFÉ OLÉ"); // sent as CP437 0x90, 0x82 …
    assert.match(await menuScreen(classic), /Caller\s+Café Olé\s+Level/);
    await sayGoodbye(classic);
  } finally {
    await daemon.stop();
  }
});

Deno.test("a theme folder replaces the built-in art, SAUCE stripped and codes filled in", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "carrier-theme-" });
  try {
    await Deno.mkdir(`${dataDir}/theme`);
    const art = "\x1b[0;1;33mWELCOME TO |BN, NODE |ND\x1b[0m\r\n\x1a";
    const sauce = new Uint8Array(128);
    sauce.set(new TextEncoder().encode("SAUCE00" + "Sysop's own welcome".padEnd(35)));
    sauce[94] = 1; // data type: character
    sauce[95] = 1; // file type: ANSi
    sauce[96] = 80; // width
    await Deno.writeFile(
      `${dataDir}/theme/welcome.ans`,
      new Uint8Array([...new TextEncoder().encode(art), ...sauce]),
    );
    const daemon = await startTestDaemon({ dataDir, settings: { systemName: "The Night Shift" } });
    try {
      const client = await daemon.call();
      await client.expect("or NEW to apply:");
      assert.match(client.text, /WELCOME TO The Night Shift, NODE 1/);
      assert.doesNotMatch(client.text, /SAUCE00|Sysop's own welcome/);
      await client.close();
    } finally {
      await daemon.stop();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("art shown at modem speed skips to the end when a key is pressed", async () => {
  const daemon = await startTestDaemon({ settings: { artBaud: 300 } });
  try {
    const client = await daemon.call();
    await client.expect("█");
    // At 300 bps the welcome would take about half a minute; a key shows the rest at once.
    await client.send(" ");
    await client.expect("or NEW to apply: ", 5000);
    await client.line("new");
    await client.expect("New user application");
    await client.send(" ");
    await client.expect("Handle: ", 5000);
    await client.close();
  } finally {
    await daemon.stop();
  }
});

Deno.test("long listings stop at each screenful with a more prompt", async () => {
  const daemon = await startTestDaemon();
  const others = [];
  try {
    for (let i = 0; i < 6; i++) {
      const other = await daemon.call();
      await other.expect("or NEW to apply: ");
      others.push(other);
    }
    const reader = await daemon.call();
    await applyAsNew(reader, "Reader");
    await reader.resize(80, 6);
    await reader.send("w");
    await reader.expect("-- More -- (C)ontinue, (S)top, (N)onstop");
    await reader.send("c");
    await reader.expect("-- More --");
    await reader.send("s");
    await reader.expect("Press any key");
    await reader.send(" ");
    await sayGoodbye(reader);
  } finally {
    await Promise.all(others.map((other) => other.close()));
    await daemon.stop();
  }
});
