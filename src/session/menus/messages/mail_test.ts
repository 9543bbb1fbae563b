import assert from "node:assert/strict";
import type { Store, User } from "../../../storage/mod.ts";
import type { Board } from "../../board.ts";
import { key } from "../../keys.ts";
import { type Link, Session } from "../../session.ts";
import { runMail } from "./mail.ts";

Deno.test("a handle typed with pipe codes comes back in the status as typed", async () => {
  let sent = "";
  const link: Link = {
    remoteAddress: "192.0.2.8",
    write: (bytes) => {
      sent += new TextDecoder().decode(bytes);
      return Promise.resolve(bytes.length);
    },
    close: () => {},
  };
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  session.charset = "utf8";
  const store = {
    listMail: () => Promise.resolve([]),
    userByHandle: () => Promise.resolve(undefined),
  } as unknown as Store;
  const board = { store } as Board;
  const user = { id: 1, handle: "Ann" } as User;
  const done = runMail({ session, board, user, level: 10, area: undefined });
  for (const typed of ["S", "x|12y|CL", "Q"]) {
    session.input.push(typed);
    session.input.push(key("enter"));
  }
  await done;
  await session.drain();
  assert.match(sent, /There is no caller called x\|12y\|CL\./);
  session.hangup();
});
