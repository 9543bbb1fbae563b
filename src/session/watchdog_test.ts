import assert from "node:assert/strict";
import type { LoginThrottle, PasswordHasher } from "../auth/mod.ts";
import { DEFAULT_CONFIG } from "../config/mod.ts";
import type { FileVault } from "../files/mod.ts";
import type { Store } from "../storage/mod.ts";
import type { Board } from "./board.ts";
import { NodeTable } from "./nodes.ts";
import { type Link, Session } from "./session.ts";
import { watchNodes } from "./watchdog.ts";

function boardWith(
  settings: { callMinutes?: number; idleTimeoutSeconds?: number; idleWarningSeconds?: number },
) {
  const nodes = new NodeTable<Session>(4);
  const board: Board = {
    config: { ...structuredClone(DEFAULT_CONFIG), ...settings },
    store: {} as Store,
    passwords: {} as PasswordHasher,
    throttle: {} as LoginThrottle,
    nodes,
    vault: {} as FileVault,
  };
  const sent: string[] = [];
  let closed = false;
  const link: Link = {
    remoteAddress: "192.0.2.9",
    write: (bytes) => {
      sent.push(new TextDecoder().decode(bytes));
      return Promise.resolve(bytes.length);
    },
    close: () => closed = true,
  };
  const session = nodes.allocate((node) => new Session(link, node, { negotiationGraceMs: 10 }))!;
  return {
    board,
    session,
    output: async () => (await session.drain(), sent.join("")),
    closed: () => closed,
  };
}

Deno.test("a caller near the end of the call's time is warned once, then disconnected", async () => {
  const { board, session, output, closed } = boardWith({ callMinutes: 30 });
  const start = Date.now();
  session.loggedInAt = start;
  session.lastInputAt = start + 29 * 60_000;
  watchNodes(board, start + 28 * 60_000 + 1);
  watchNodes(board, start + 28 * 60_000 + 2);
  assert.equal((await output()).split("left in this call").length - 1, 1);
  assert.match(await output(), /You have 1 minute left/);
  session.lastInputAt = start + 30 * 60_000;
  watchNodes(board, start + 30 * 60_000 + 1);
  await session.drain();
  assert.match(await output(), /Your time for this call is up/);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(closed());
});

Deno.test("without a call limit only idleness ends a call", async () => {
  const { board, session, output } = boardWith({
    callMinutes: 0,
    idleTimeoutSeconds: 600,
    idleWarningSeconds: 60,
  });
  const start = Date.now();
  session.loggedInAt = start - 10 * 3600_000;
  session.lastInputAt = start;
  watchNodes(board, start + 1000);
  assert.equal(await output(), "");
  watchNodes(board, start + 541_000);
  assert.match(await output(), /disconnected in 59 seconds/);
  session.hangup();
});
