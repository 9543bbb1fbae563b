import assert from "node:assert/strict";
import type { Conference, MessageArea, MessageHeader, Store, User } from "../storage/mod.ts";
import {
  bodyLines,
  canDelete,
  canPost,
  canRead,
  findOrCreateConference,
  replySubject,
} from "./rules.ts";

const area = { readLevel: 50, postLevel: 60 } as MessageArea;
const user = (level: number, id = 2, isSysop = false) =>
  ({ id, securityLevel: level, isSysop }) as User;

Deno.test("levels decide reading and posting; the sysop may do both anywhere", () => {
  assert.equal(canRead(area, user(10)), false);
  assert.equal(canRead(area, user(50)), true);
  assert.equal(canPost(area, user(50)), false);
  assert.equal(canPost(area, user(60)), true);
  assert.equal(canPost(area, user(0, 1, true)), true);
});

Deno.test("callers delete only their own messages, the sysop any", () => {
  const message = { fromUserId: 2 } as MessageHeader;
  assert.equal(canDelete(message, user(10, 2)), true);
  assert.equal(canDelete(message, user(200, 3)), false);
  assert.equal(canDelete(message, user(0, 3, true)), true);
  assert.equal(canDelete({ fromUserId: null } as MessageHeader, user(10, 2)), false);
});

Deno.test("reply subjects carry one Re:", () => {
  assert.equal(replySubject("Hello"), "Re: Hello");
  assert.equal(replySubject("Re: re: RE[2]: Hello"), "Re: Hello");
});

Deno.test("bodies lose escapes, keep allowed colours and wrap", () => {
  const body = "Hi \x1b[2J|04there\r\n\r\n" + "word ".repeat(30).trim();
  const plain = bodyLines(body, { width: 40, allowPipeCodes: false });
  assert.equal(plain[0], "Hi [2J||04there");
  assert.equal(plain[1], "");
  assert.ok(plain.slice(2).every((line) => line.length <= 40));
  assert.equal(bodyLines(body, { width: 40, allowPipeCodes: true })[0], "Hi [2J|04there");
});

Deno.test("a conference is found by name in any letter case, and made once when missing", async () => {
  const conferences: Conference[] = [{ id: 1, name: "Local", description: "", sortOrder: 0 }];
  const store = {
    listConferences: () => Promise.resolve([...conferences]),
    createConference: ({ name }: { name: string }) => {
      const made = { id: conferences.length + 1, name, description: "", sortOrder: 0 };
      conferences.push(made);
      return Promise.resolve(made);
    },
  } as unknown as Store;
  assert.equal((await findOrCreateConference(store, "LOCAL")).id, 1);
  const network = await findOrCreateConference(store, "Network");
  assert.deepEqual({ id: network.id, name: network.name }, { id: 2, name: "Network" });
  assert.equal((await findOrCreateConference(store, "network")).id, 2);
  assert.equal(conferences.length, 2);
});
