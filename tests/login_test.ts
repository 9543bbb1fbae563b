import assert from "node:assert/strict";
import { startTestDaemon } from "./support/daemon.ts";
import { applyAsNew, logIn, menuScreen, PASSWORD, sayGoodbye } from "./support/flows.ts";

Deno.test("a new caller applies, logs off, and logs in again with the call counted", async () => {
  const daemon = await startTestDaemon();
  try {
    const first = await daemon.call();
    await applyAsNew(first, "Zoë Cool", { realName: "Zoë", location: "Berlin" });
    assert.match(first.text, /You are the first caller: this account is the sysop/);
    const menu = await menuScreen(first);
    assert.match(menu, /Caller\s+Zoë Cool\s+Level\s+255\b/);
    assert.match(menu, /Calls\s+1\b/);
    assert.match(menu, /Last on\s+never/);
    await sayGoodbye(first);

    const again = await daemon.call();
    await logIn(again, "zoë cool");
    const menuAgain = await menuScreen(again);
    assert.match(menuAgain, /Caller\s+Zoë Cool/);
    assert.match(menuAgain, /Calls\s+2\b/);
    assert.match(menuAgain, /Last on\s+\d{4}-\d\d-\d\d \d\d:\d\d/);
    await sayGoodbye(again);
  } finally {
    await daemon.stop();
  }
});

Deno.test("the second applicant is an ordinary caller and a taken handle is refused", async () => {
  const daemon = await startTestDaemon();
  try {
    const sysop = await daemon.call();
    await applyAsNew(sysop, "Sysop");
    await sayGoodbye(sysop);

    const caller = await daemon.call();
    await caller.expect("or NEW to apply: ");
    await caller.line("NEW");
    await caller.expect("Handle: ");
    await caller.line("SYSOP");
    await caller.expect("That handle is taken");
    await caller.line("x");
    await caller.expect("A handle has 2 to 30 characters.");
    await caller.line("new");
    await caller.expect('"new" is reserved.');
    await caller.line("Caller Two");
    await caller.expect("Password (at least 8 characters): ");
    await caller.line("short");
    await caller.expect("Too short");
    await caller.line(PASSWORD);
    await caller.line("different-one");
    await caller.expect("The two passwords differ");
    await caller.line(PASSWORD);
    await caller.line(PASSWORD);
    await caller.line("");
    await caller.line("");
    await caller.expect("Main Menu");
    assert.match(await menuScreen(caller), /Caller\s+Caller Two\s+Level\s+10\b/);
    assert.doesNotMatch(caller.text, /first caller/);
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
  }
});

Deno.test("three wrong passwords end the call, and the failures are logged", async () => {
  const daemon = await startTestDaemon();
  try {
    const owner = await daemon.call();
    await applyAsNew(owner, "Owner");
    await sayGoodbye(owner);

    const intruder = await daemon.call();
    for (let i = 0; i < 3; i++) {
      await intruder.expect("or NEW to apply: ");
      await intruder.line(i === 1 ? "Nobody" : "Owner");
      await intruder.expect("Password: ");
      await intruder.line("wrong-password");
      await intruder.expect("Wrong handle or password.");
    }
    await intruder.expect("3 failed logins.");
    await intruder.closed;
    assert.equal((daemon.stderr().match(/Login failed/g) ?? []).length, 3);
    assert.match(
      daemon.stderr(),
      /Login failed handle="Nobody" address="127.0.0.1" node=\d+ known=false/,
    );
  } finally {
    await daemon.stop();
  }
});

Deno.test("repeated failures lock the handle, even with the right password", async () => {
  const daemon = await startTestDaemon({ settings: { login: { lockAfter: 3, maxTries: 3 } } });
  try {
    const owner = await daemon.call();
    await applyAsNew(owner, "Owner");
    await sayGoodbye(owner);

    const intruder = await daemon.call();
    for (let i = 0; i < 3; i++) {
      await intruder.expect("or NEW to apply: ");
      await intruder.line("Owner");
      await intruder.line("wrong-password");
    }
    await intruder.closed;

    const late = await daemon.call();
    await late.expect("or NEW to apply: ");
    await late.line("Owner");
    await late.line(PASSWORD);
    await late.expect(
      "Too many failed logins. Logins for this handle or address are locked for 15 minutes.",
    );
    await late.closed;
  } finally {
    await daemon.stop();
  }
});
