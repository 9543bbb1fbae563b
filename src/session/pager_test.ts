import assert from "node:assert/strict";
import { Pager } from "./pager.ts";
import { type Link, Session } from "./session.ts";

function quietSession(height: number): { session: Session; output: () => string } {
  const chunks: Uint8Array[] = [];
  const link: Link = {
    remoteAddress: "192.0.2.1",
    write: (bytes) => {
      chunks.push(bytes.slice());
      return Promise.resolve(bytes.length);
    },
    close() {},
  };
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  session.height = height;
  const output = () => chunks.map((c) => new TextDecoder("latin1").decode(c)).join("");
  return { session, output };
}

const key = (session: Session, text: string) => session.receive(new TextEncoder().encode(text));

Deno.test("a screenful pauses, and Continue shows the next one", async () => {
  const { session } = quietSession(5);
  const pager = new Pager(session);
  for (let i = 0; i < 3; i++) assert.equal(await pager.lines(1), true);
  const paused = pager.lines(1);
  key(session, "c");
  assert.equal(await paused, true);
  for (let i = 0; i < 3; i++) assert.equal(await pager.lines(1), true);
  session.hangup();
});

Deno.test("Stop ends the listing and Non-stop never asks again", async () => {
  const { session, output } = quietSession(3);
  const stopped = new Pager(session);
  await stopped.lines(1);
  const asked = stopped.lines(1);
  key(session, "s");
  assert.equal(await asked, false);

  const nonstop = new Pager(session);
  const first = nonstop.lines(2);
  key(session, "N");
  assert.equal(await first, true);
  for (let i = 0; i < 100; i++) assert.equal(await nonstop.lines(1), true);
  await session.drain();
  assert.equal(output().split("-- More --").length - 1, 2);
  session.hangup();
});
