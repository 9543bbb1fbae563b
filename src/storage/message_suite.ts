/**
 * The message-base half of the store suite: cases `runStoreSuite` registers for every adapter
 * through its `test` helper.
 *
 * @module
 */

import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import type { MessageArea, MessageHeader, NewMessage } from "./message_types.ts";
import type { Store, User } from "./store.ts";

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/** Registers one case; `body` gets a fresh, migrated store. */
export type SuiteTest = (behaviour: string, body: (store: Store) => Promise<void>) => void;

/** Opens a second store on the same database as `store`, standing for a second daemon. */
export type OpenTwin = (store: Store) => Promise<Store>;

function conflict(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(isCarrierError(error, "STORE_CONFLICT"), String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

interface Board {
  sysop: User;
  alice: User;
  bob: User;
  /** Local conference, read level 0. */
  general: MessageArea;
  /** Local conference, sysop only (read level 255). */
  sysopOnly: MessageArea;
  /** Network conference, read level 10. */
  tech: MessageArea;
}

/** Three users, two conferences, three areas. */
async function board(store: Store): Promise<Board> {
  const sysop = await store.createUser({ handle: "Sysop", passwordHash: HASH });
  const alice = await store.createUser({ handle: "Alice", passwordHash: HASH });
  const bob = await store.createUser({ handle: "Bob", passwordHash: HASH, securityLevel: 5 });
  const network = await store.createConference({ name: "Network", sortOrder: 2 });
  const local = await store.createConference({ name: "Local", sortOrder: 1 });
  const tech = await store.createArea({
    conferenceId: network.id,
    tag: "Tech",
    name: "Technical talk",
    readLevel: 10,
    postLevel: 20,
  });
  const sysopOnly = await store.createArea({
    conferenceId: local.id,
    tag: "sysop",
    name: "Sysop only",
    readLevel: 255,
    postLevel: 255,
    sortOrder: 2,
  });
  const general = await store.createArea({
    conferenceId: local.id,
    tag: "general",
    name: "General",
    description: "Anything goes",
    allowPipeCodes: true,
    sortOrder: 1,
  });
  return { sysop, alice, bob, general, sysopOnly, tech };
}

function note(area: MessageArea, from: User, subject: string, extra: Partial<NewMessage> = {}) {
  return {
    areaId: area.id,
    fromUserId: from.id,
    fromHandle: from.handle,
    subject,
    body: `Body of ${subject}`,
    ...extra,
  };
}

/** Posts `count` messages numbered in their subjects. */
async function postMany(store: Store, area: MessageArea, from: User, count: number) {
  const headers: MessageHeader[] = [];
  for (let i = 1; i <= count; i++) {
    headers.push(await store.postMessage(note(area, from, `Message ${i}`)));
  }
  return headers;
}

/** Waits until `store` dropped cache entries after `before` (PostgreSQL hears other daemons
 * asynchronously; SQLite checks `data_version` on the read itself, so there is nothing to wait
 * for). */
async function heard(store: Store, before: number): Promise<void> {
  if (store.kind !== "postgres") return;
  for (let waited = 0; store.stats.cacheInvalidations === before; waited += 5) {
    if (waited > 5000) throw new Error("no NOTIFY arrived within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Registers the message-base cases.
 *
 * @param openTwin opens a second store on the same database; cross-daemon cases need it
 */
export function registerMessageCases(test: SuiteTest, openTwin: OpenTwin): void {
  test("conferences are listed in display order, updated and deleted", async (store) => {
    const b = await store.createConference({ name: "B", sortOrder: 5 });
    const a = await store.createConference({ name: "A", description: "first", sortOrder: 1 });
    const c = await store.createConference({ name: "C", sortOrder: 5 });
    assert.deepEqual(await store.listConferences(), [a, b, c]);
    assert.deepEqual(await store.updateConference(c.id, { name: "C2" }), { ...c, name: "C2" });
    assert.equal(await store.updateConference(c.id + 1000, { name: "x" }), undefined);
    assert.equal(await store.deleteConference(b.id), true);
    assert.equal(await store.deleteConference(b.id), false);
    assert.deepEqual((await store.listConferences()).map((x) => x.name), ["A", "C2"]);
  });

  test("a conference holding areas is deleted only when forced, areas and messages too", async (store) => {
    const { general, sysopOnly, alice } = await board(store);
    await store.postMessage(note(general, alice, "Hello"));
    await assert.rejects(
      store.deleteConference(general.conferenceId),
      conflict(/it holds 2 message areas/),
    );
    assert.ok(await store.areaById(general.id));
    assert.equal(await store.deleteConference(general.conferenceId, { force: true }), true);
    assert.equal(await store.areaById(general.id), undefined);
    assert.equal(await store.areaById(sysopOnly.id), undefined);
    assert.deepEqual(await store.listMessages(general.id), []);
  });

  test("areas: tags are lowercase and unique, lookups by tag ignore case", async (store) => {
    const { tech, general } = await board(store);
    assert.equal(tech.tag, "tech");
    assert.deepEqual(
      [tech.conferenceName, tech.readLevel, tech.postLevel, tech.allowPipeCodes, tech.highWater],
      ["Network", 10, 20, false, 0],
    );
    assert.deepEqual(await store.areaByTag("TECH"), tech);
    assert.deepEqual(await store.areaById(general.id), general);
    assert.equal(await store.areaByTag("nope"), undefined);
    await assert.rejects(
      store.createArea({ conferenceId: tech.conferenceId, tag: "GENERAL", name: "Again" }),
      conflict(/the tag "general" is taken/),
    );
    await assert.rejects(
      store.createArea({ conferenceId: tech.conferenceId + 1000, tag: "lost", name: "Lost" }),
      conflict(/conference \d+ does not exist/),
    );
    for (const tag of ["", "-x", "has space", "waytoolongtagname1"]) {
      await assert.rejects(
        store.createArea({ conferenceId: tech.conferenceId, tag, name: "Bad" }),
        RangeError,
      );
    }
    await assert.rejects(
      store.createArea({ conferenceId: tech.conferenceId, tag: "ok", name: "X", readLevel: 256 }),
      RangeError,
    );
  });

  test("updateArea changes only the given fields and can move an area", async (store) => {
    const { tech, general } = await board(store);
    const moved = await store.updateArea(tech.id, {
      conferenceId: general.conferenceId,
      name: "Tech talk",
      allowPipeCodes: true,
      readLevel: 0,
    });
    assert.deepEqual(moved, {
      ...tech,
      conferenceId: general.conferenceId,
      conferenceName: "Local",
      name: "Tech talk",
      allowPipeCodes: true,
      readLevel: 0,
    });
    await assert.rejects(store.updateArea(tech.id, { tag: "General" }), conflict(/is taken/));
    assert.equal(await store.updateArea(tech.id + 1000, { name: "x" }), undefined);
  });

  test("listAreas shows what a level may read, in display order, with counters", async (store) => {
    const { general, sysopOnly, tech, alice } = await board(store);
    await postMany(store, general, alice, 3);
    const tags = async (level: number) => (await store.listAreas({ level })).map((a) => a.tag);
    assert.deepEqual(await tags(0), ["general"]);
    assert.deepEqual(await tags(10), ["general", "tech"]);
    assert.deepEqual(await tags(255), ["general", "sysop", "tech"]);
    const [listed] = await store.listAreas({ level: 0 });
    assert.deepEqual([listed!.messageCount, listed!.highWater], [3, 3]);
    assert.ok(listed!.lastPostAt instanceof Date);
    assert.equal(listed!.conferenceName, "Local");
    assert.equal(sysopOnly.readLevel, 255);
    assert.equal(tech.readLevel, 10);
  });

  test("deleteArea refuses an area with messages unless forced", async (store) => {
    const { general, tech, alice } = await board(store);
    const [first] = await postMany(store, general, alice, 2);
    await assert.rejects(store.deleteArea(general.id), conflict(/it holds 2 messages/));
    assert.equal(await store.deleteArea(general.id, { force: true }), true);
    assert.equal(await store.areaById(general.id), undefined);
    assert.equal(await store.messageById(first!.id), undefined);
    assert.equal(await store.deleteArea(general.id), false);
    // Deleted messages do not hold an area.
    const [only] = await postMany(store, tech, alice, 1);
    await store.deleteMessage(only!.id);
    assert.equal(await store.deleteArea(tech.id), true);
  });

  test("posts are numbered per area and the area's counters follow", async (store) => {
    const { general, tech, alice, bob } = await board(store);
    const at = new Date("2024-02-29T12:34:56.789Z");
    const one = await store.postMessage(note(general, alice, "One", { createdAt: at }));
    const two = await store.postMessage(note(general, bob, "Two", { toHandle: "Alice" }));
    const other = await store.postMessage(note(tech, alice, "Elsewhere"));
    assert.deepEqual([one.number, two.number, other.number], [1, 2, 1]);
    assert.deepEqual(one, {
      id: one.id,
      areaId: general.id,
      number: 1,
      fromUserId: alice.id,
      fromHandle: "Alice",
      toHandle: null,
      subject: "One",
      createdAt: at,
      replyToId: null,
      threadRootId: one.id,
      replyCount: 0,
      bodyLength: "Body of One".length,
    });
    assert.equal(two.toHandle, "Alice");
    const area = await store.areaById(general.id);
    assert.deepEqual([area!.highWater, area!.messageCount], [2, 2]);
    assert.ok(area!.lastPostAt!.getTime() >= two.createdAt.getTime() - 1);
    await assert.rejects(
      store.postMessage(note(general, alice, "Lost", { areaId: general.id + 1000 })),
      conflict(/message area \d+ does not exist/),
    );
    await assert.rejects(
      store.postMessage(note(general, alice, "Huge", { body: "x".repeat(1024 * 1024 + 1) })),
      RangeError,
    );
  });

  test("keyset pages cover every message exactly once, both directions, both ways", async (store) => {
    const { general, alice } = await board(store);
    const posted = await postMany(store, general, alice, 53);
    for (const gone of [1, 26, 27, 53]) await store.deleteMessage(posted[gone - 1]!.id);
    const live = posted.filter((m) => ![1, 26, 27, 53].includes(m.number)).map((m) => m.number);

    // Newest first, paging towards older messages, then back towards newer ones.
    const pages: number[][] = [];
    let page = await store.listMessages(general.id, { limit: 10 });
    while (page.length > 0) {
      pages.push(page.map((m) => m.number));
      page = await store.listMessages(general.id, { before: page.at(-1)!.number, limit: 10 });
    }
    assert.deepEqual(pages.flat(), live.toReversed());
    assert.deepEqual(pages.map((p) => p.length), [10, 10, 10, 10, 9]);
    const back = await store.listMessages(general.id, { after: pages[1]!.at(0)!, limit: 10 });
    assert.deepEqual(back.map((m) => m.number), pages[0]);

    // Oldest first, both ways.
    const oldest: number[] = [];
    let up = await store.listMessages(general.id, { direction: "oldest", limit: 7 });
    while (up.length > 0) {
      oldest.push(...up.map((m) => m.number));
      up = await store.listMessages(general.id, {
        direction: "oldest",
        after: up.at(-1)!.number,
        limit: 7,
      });
    }
    assert.deepEqual(oldest, live);
    const down = await store.listMessages(general.id, {
      direction: "oldest",
      before: 30,
      limit: 3,
    });
    assert.deepEqual(down.map((m) => m.number), [25, 28, 29]);

    assert.equal((await store.listMessages(general.id)).length, 25);
    await assert.rejects(store.listMessages(general.id, { before: 5, after: 1 }), RangeError);
    await assert.rejects(store.listMessages(general.id, { limit: 0 }), RangeError);
  });

  test("readMessage reads a number, the next and the previous, skipping deleted", async (store) => {
    const { general, alice } = await board(store);
    const posted = await postMany(store, general, alice, 5);
    await store.deleteMessage(posted[2]!.id);
    const body = "Zoë's ✓ message\r\nwith |07pipe codes|15 and two lines";
    await store.postMessage(note(general, alice, "Six", { body }));
    const two = await store.readMessage(general.id, 2);
    assert.deepEqual(two, { ...posted[1]!, body: "Body of Message 2" });
    assert.equal(await store.readMessage(general.id, 3), undefined);
    assert.equal((await store.readMessage(general.id, 2, "next"))?.number, 4);
    assert.equal((await store.readMessage(general.id, 4, "previous"))?.number, 2);
    assert.equal(await store.readMessage(general.id, 1, "previous"), undefined);
    const six = await store.readMessage(general.id, 5, "next");
    assert.equal(six?.body, body);
    assert.equal(six?.bodyLength, new TextEncoder().encode(body).length);
    assert.deepEqual(await store.messageById(six!.id), six);
    assert.equal(await store.messageById(posted[2]!.id), undefined);
  });

  test("a long body round-trips through compression", async (store) => {
    const { general, alice } = await board(store);
    const body = "All work and no play makes Jack a dull boy. Ünïcödé too.\n".repeat(40);
    const header = await store.postMessage(note(general, alice, "Long", { body }));
    assert.equal(header.bodyLength, new TextEncoder().encode(body).length);
    assert.equal((await store.readMessage(general.id, header.number))?.body, body);
  });

  test("replies count on the parent and share the thread root", async (store) => {
    const { general, alice, bob } = await board(store);
    const root = await store.postMessage(note(general, alice, "Root"));
    const r1 = await store.postMessage(note(general, bob, "Re: Root", { replyToId: root.id }));
    const r2 = await store.postMessage(note(general, alice, "Re: Re", { replyToId: r1.id }));
    const r3 = await store.postMessage(note(general, bob, "Re: Root 2", { replyToId: root.id }));
    await store.postMessage(note(general, bob, "Unrelated"));
    assert.deepEqual([r1.threadRootId, r2.threadRootId, r3.threadRootId], [
      root.id,
      root.id,
      root.id,
    ]);
    assert.deepEqual([r1.replyToId, r2.replyToId], [root.id, r1.id]);
    assert.equal((await store.messageById(root.id))?.replyCount, 2);
    assert.equal((await store.messageById(r1.id))?.replyCount, 1);
    const replies = await store.replies(root.id);
    assert.deepEqual(replies.map((m) => m.id), [r1.id, r3.id]);
    assert.deepEqual((await store.replies(root.id, { afterId: r1.id })).map((m) => m.id), [r3.id]);
    const thread = await store.listThread(root.id);
    assert.deepEqual(thread.map((m) => m.subject), ["Root", "Re: Root", "Re: Re", "Re: Root 2"]);
    const rest = await store.listThread(root.id, { afterId: r1.id, limit: 1 });
    assert.deepEqual(rest.map((m) => m.id), [r2.id]);
  });

  test("a reply to a missing, deleted or other-area message changes nothing", async (store) => {
    const { general, tech, alice } = await board(store);
    const elsewhere = await store.postMessage(note(tech, alice, "Tech"));
    const gone = await store.postMessage(note(general, alice, "Gone"));
    await store.deleteMessage(gone.id);
    const before = await store.areaById(general.id);
    for (const replyToId of [elsewhere.id, gone.id, gone.id + 1000]) {
      await assert.rejects(
        store.postMessage(note(general, alice, "Re", { replyToId })),
        conflict(/does not exist in that area or was deleted/),
      );
    }
    assert.deepEqual(await store.areaById(general.id), before);
    assert.equal((await store.messageById(elsewhere.id))?.replyCount, 0);
  });

  test("deleting a message lowers the area and parent counts, its number stays used", async (store) => {
    const { general, alice } = await board(store);
    const root = await store.postMessage(note(general, alice, "Root"));
    const reply = await store.postMessage(note(general, alice, "Re", { replyToId: root.id }));
    assert.equal(await store.deleteMessage(reply.id), true);
    assert.equal(await store.deleteMessage(reply.id), false);
    assert.equal(await store.deleteMessage(reply.id + 1000), false);
    assert.equal((await store.messageById(root.id))?.replyCount, 0);
    assert.deepEqual(await store.replies(root.id), []);
    const area = await store.areaById(general.id);
    assert.deepEqual([area!.messageCount, area!.highWater], [1, 2]);
    assert.equal((await store.postMessage(note(general, alice, "Next"))).number, 3);
  });

  test("importMessages keeps order and dates and links replies in the batch", async (store) => {
    const { general, alice } = await board(store);
    await store.postMessage(note(general, alice, "Before"));
    const dates = [
      "1994-05-01T10:00:00.000Z",
      "1994-04-30T09:00:00.000Z", // not in order: kept as given
      "1994-05-02T08:30:00.001Z",
      "1994-05-03T00:00:00.000Z",
    ].map((iso) => new Date(iso));
    const result = await store.importMessages(general.id, [
      { fromHandle: "ghost@example.org", subject: "A", body: "first", createdAt: dates[0]! },
      {
        fromHandle: "Alice",
        fromUserId: alice.id,
        subject: "B",
        body: "x".repeat(900),
        createdAt: dates[1]!,
      },
      {
        fromHandle: "c@example.org",
        subject: "Re: A",
        body: "r",
        createdAt: dates[2]!,
        replyTo: 0,
      },
      {
        fromHandle: "d@example.org",
        toHandle: "c",
        subject: "Re: Re: A",
        body: "rr",
        createdAt: dates[3]!,
        replyTo: 2,
      },
    ]);
    assert.deepEqual(result, { count: 4, firstNumber: 2, lastNumber: 5 });
    const listed = await store.listMessages(general.id, { direction: "oldest", after: 1 });
    assert.deepEqual(listed.map((m) => [m.number, m.subject]), [[2, "A"], [3, "B"], [4, "Re: A"], [
      5,
      "Re: Re: A",
    ]]);
    assert.deepEqual(listed.map((m) => m.createdAt), dates);
    const [a, b, reA, reReA] = listed;
    assert.deepEqual([a!.fromUserId, b!.fromUserId], [null, alice.id]);
    assert.deepEqual([a!.replyCount, reA!.replyCount, reReA!.replyCount], [1, 1, 0]);
    assert.deepEqual([reA!.replyToId, reA!.threadRootId], [a!.id, a!.id]);
    assert.deepEqual([reReA!.replyToId, reReA!.threadRootId, reReA!.toHandle], [
      reA!.id,
      a!.id,
      "c",
    ]);
    assert.equal((await store.readMessage(general.id, 3))?.body, "x".repeat(900));
    const area = await store.areaById(general.id);
    assert.deepEqual([area!.highWater, area!.messageCount], [5, 5]);
    assert.ok(area!.lastPostAt!.getTime() >= dates[3]!.getTime());

    await assert.rejects(
      store.importMessages(general.id, [
        { fromHandle: "x", subject: "x", body: "x", createdAt: dates[0]!, replyTo: 0 },
      ]),
      RangeError,
    );
    await assert.rejects(
      store.importMessages(general.id + 1000, [{
        fromHandle: "x",
        subject: "x",
        body: "x",
        createdAt: dates[0]!,
      }]),
      conflict(/does not exist/),
    );
    assert.equal((await store.areaById(general.id))?.highWater, 5);
    assert.deepEqual(await store.importMessages(general.id, []), {
      count: 0,
      firstNumber: 0,
      lastNumber: 0,
    });
  });

  test("pointers start at zero and are set per caller and area", async (store) => {
    const { general, tech, alice, bob } = await board(store);
    await postMany(store, general, alice, 4);
    await postMany(store, tech, alice, 2);
    assert.equal(await store.lastRead(bob.id, general.id), 0);
    await store.setLastRead(bob.id, general.id, 3);
    await store.setLastRead(bob.id, general.id, 2); // may move back
    assert.equal(await store.lastRead(bob.id, general.id), 2);
    assert.equal(await store.lastRead(alice.id, general.id), 0);
    await store.markAllRead(alice.id, 10);
    assert.deepEqual(
      [await store.lastRead(alice.id, general.id), await store.lastRead(alice.id, tech.id)],
      [4, 2],
    );
    await assert.rejects(store.setLastRead(bob.id, general.id, -1), RangeError);
    await assert.rejects(
      store.setLastRead(bob.id, general.id + 1000, 1),
      conflict(/does not exist/),
    );
  });

  test("newScan: readable areas with unread messages, exact counts, first unread", async (store) => {
    const { general, sysopOnly, tech, alice, bob, sysop } = await board(store);
    const posts = await postMany(store, general, alice, 10);
    await postMany(store, tech, alice, 3);
    await postMany(store, sysopOnly, sysop, 2);
    await store.setLastRead(bob.id, general.id, 4);
    // Deleted above the pointer: not counted, and "read new" skips them.
    await store.deleteMessage(posts[4]!.id); // 5
    await store.deleteMessage(posts[5]!.id); // 6
    await store.deleteMessage(posts[1]!.id); // 2, below the pointer: no effect

    assert.deepEqual(await store.newScan(bob.id, 10), [
      {
        areaId: general.id,
        tag: "general",
        name: "General",
        conferenceId: general.conferenceId,
        conferenceName: "Local",
        unread: 4,
        firstUnread: 7,
        lastRead: 4,
        highWater: 10,
      },
      {
        areaId: tech.id,
        tag: "tech",
        name: "Technical talk",
        conferenceId: tech.conferenceId,
        conferenceName: "Network",
        unread: 3,
        firstUnread: 1,
        lastRead: 0,
        highWater: 3,
      },
    ]);
    assert.deepEqual((await store.newScan(bob.id, 0)).map((a) => a.tag), ["general"]);
    assert.deepEqual((await store.newScan(sysop.id, 255)).map((a) => a.tag), [
      "general",
      "sysop",
      "tech",
    ]);
    await store.setLastRead(bob.id, general.id, 10);
    assert.deepEqual((await store.newScan(bob.id, 10)).map((a) => a.tag), ["tech"]);
    // All that is left above the pointer deleted: nothing new.
    await store.setLastRead(bob.id, general.id, 4);
    for (const m of posts.slice(6)) await store.deleteMessage(m.id);
    assert.deepEqual((await store.newScan(bob.id, 10)).map((a) => a.tag), ["tech"]);
    await store.markAllRead(bob.id, 10);
    assert.deepEqual(await store.newScan(bob.id, 10), []);
  });

  test("menuCounters adds up new messages the level may read and unread mail", async (store) => {
    const { general, sysopOnly, tech, alice, bob, sysop } = await board(store);
    const posts = await postMany(store, general, alice, 6);
    await postMany(store, tech, alice, 2);
    await postMany(store, sysopOnly, sysop, 5);
    await store.deleteMessage(posts[5]!.id);
    await store.setLastRead(bob.id, general.id, 2);
    const mail = { fromUserId: alice.id, fromHandle: "Alice", toUserId: bob.id, toHandle: "Bob" };
    const first = await store.sendMail({ ...mail, subject: "Hi", body: "hello" });
    await store.sendMail({ ...mail, subject: "Again", body: "hello?" });
    await store.sendMail({
      ...mail,
      toUserId: sysop.id,
      toHandle: "Sysop",
      subject: "S",
      body: "s",
    });
    assert.deepEqual(await store.menuCounters(bob.id, 5), { newMessages: 3, unreadMail: 2 });
    assert.deepEqual(await store.menuCounters(bob.id, 10), { newMessages: 5, unreadMail: 2 });
    await store.readMail(bob.id, first.id);
    assert.deepEqual(await store.menuCounters(bob.id, 255), { newMessages: 10, unreadMail: 1 });
    assert.deepEqual(await store.menuCounters(alice.id, 0), { newMessages: 5, unreadMail: 0 });
  });

  test("newScan and menuCounters are one query each, however many areas", async (store) => {
    const { general, alice, bob } = await board(store);
    for (let i = 0; i < 12; i++) {
      const area = await store.createArea({
        conferenceId: general.conferenceId,
        tag: `a${i}`,
        name: `A${i}`,
      });
      await postMany(store, area, alice, 2);
    }
    let before = store.stats.queries;
    assert.equal((await store.newScan(bob.id, 10)).length, 12);
    assert.equal(store.stats.queries - before, 1);
    before = store.stats.queries;
    assert.equal((await store.menuCounters(bob.id, 10)).newMessages, 24);
    assert.equal(store.stats.queries - before, 1);
  });

  test("a repeated listing comes from the cache with no query until a post or delete", async (store) => {
    const { general, tech, alice } = await board(store);
    await postMany(store, general, alice, 30);
    await postMany(store, tech, alice, 3);
    const first = await store.listMessages(general.id);
    await store.listAreas({ level: 10 });
    const techPage = await store.listMessages(tech.id);
    const before = store.stats;
    const again = await store.listMessages(general.id);
    const areas = await store.listAreas({ level: 10 });
    const after = store.stats;
    assert.equal(again, first); // the same frozen array
    assert.equal(after.queries, before.queries);
    assert.equal(after.cacheHits - before.cacheHits, 2);
    assert.ok(Object.isFrozen(again) && Object.isFrozen(again[0]));
    assert.throws(() => (again as MessageHeader[]).push(again[0]!), TypeError);
    assert.equal(areas[0]!.messageCount, 30);

    const posted = await store.postMessage(note(general, alice, "New"));
    const fresh = await store.listMessages(general.id);
    assert.equal(fresh[0]!.number, posted.number);
    assert.equal((await store.listAreas({ level: 10 }))[0]!.messageCount, 31);
    assert.equal(await store.listMessages(tech.id), techPage); // another area's page survives

    await store.deleteMessage(posted.id);
    assert.equal((await store.listMessages(general.id))[0]!.number, 30);
    await store.updateArea(general.id, { name: "Renamed" });
    assert.equal((await store.listAreas({ level: 10 }))[0]!.name, "Renamed");
  });

  test("a new post keeps the cached older pages; a reply or delete drops them", async (store) => {
    const { general, alice } = await board(store);
    await postMany(store, general, alice, 60);
    const newest = await store.listMessages(general.id);
    const older = await store.listMessages(general.id, { before: newest.at(-1)!.number });
    const posted = await store.postMessage(note(general, alice, "At the end"));
    const queries = store.stats.queries;
    assert.equal(await store.listMessages(general.id, { before: newest.at(-1)!.number }), older);
    assert.equal(
      store.stats.queries,
      queries,
      "the page below the new message came from the cache",
    );
    assert.equal((await store.listMessages(general.id))[0]!.number, posted.number);

    // A reply raises a reply count that an older page may show.
    await store.postMessage({ ...note(general, alice, "Re: old"), replyToId: older[0]!.id });
    const fresh = await store.listMessages(general.id, { before: newest.at(-1)!.number });
    assert.notEqual(fresh, older);
    assert.equal(fresh[0]!.replyCount, 1);
  });

  test("two daemons on one database: a post on one shows in the other's next cached list", async (store) => {
    const { general, alice, bob } = await board(store);
    await postMany(store, general, alice, 3);
    const twin = await openTwin(store);
    try {
      // Fill this store's cache, and make sure it is serving from it.
      await store.listMessages(general.id);
      await store.listAreas({ level: 10 });
      const hits = store.stats.cacheHits;
      assert.equal((await store.listMessages(general.id))[0]!.number, 3);
      assert.equal(store.stats.cacheHits, hits + 1);

      let invalidations = store.stats.cacheInvalidations;
      const posted = await twin.postMessage(note(general, bob, "From the other node"));
      await heard(store, invalidations);
      assert.equal((await store.listMessages(general.id))[0]!.number, posted.number);
      assert.equal((await store.listAreas({ level: 10 }))[0]!.messageCount, 4);

      invalidations = store.stats.cacheInvalidations;
      await twin.deleteMessage(posted.id);
      await heard(store, invalidations);
      assert.equal((await store.listMessages(general.id))[0]!.number, 3);

      invalidations = store.stats.cacheInvalidations;
      const created = await twin.createArea({
        conferenceId: general.conferenceId,
        tag: "new",
        name: "New",
      });
      await heard(store, invalidations);
      assert.ok((await store.listAreas({ level: 10 })).some((area) => area.id === created.id));

      // And the other way round, with the twin's cache warm.
      await twin.listMessages(general.id);
      invalidations = twin.stats.cacheInvalidations;
      const back = await store.postMessage(note(general, alice, "Reply from here"));
      await heard(twin, invalidations);
      assert.equal((await twin.listMessages(general.id))[0]!.id, back.id);
    } finally {
      await twin.close();
    }
  });

  test("mail is private: only sender and recipient read it, each deletes their copy", async (store) => {
    const { alice, bob, sysop } = await board(store);
    const sent = await store.sendMail({
      fromUserId: alice.id,
      fromHandle: "Alice",
      toUserId: bob.id,
      toHandle: "Bob",
      subject: "Secret",
      body: "Meet me in the door games area. ".repeat(30),
    });
    assert.equal(sent.readAt, null);
    assert.equal(await store.readMail(sysop.id, sent.id), undefined); // not even the sysop
    assert.equal(await store.deleteMail(sysop.id, sent.id), false);
    assert.deepEqual(await store.listMail(sysop.id), []);

    const bySender = await store.readMail(alice.id, sent.id);
    assert.equal(bySender?.readAt, null); // the sender reading it does not mark it read
    const byRecipient = await store.readMail(bob.id, sent.id);
    assert.ok(byRecipient?.readAt instanceof Date);
    assert.equal(byRecipient?.body, "Meet me in the door games area. ".repeat(30));
    assert.deepEqual((await store.readMail(bob.id, sent.id))?.readAt, byRecipient.readAt);

    assert.deepEqual((await store.listMail(bob.id)).map((m) => m.id), [sent.id]);
    assert.deepEqual((await store.listMail(alice.id, { folder: "sent" })).map((m) => m.id), [
      sent.id,
    ]);
    assert.deepEqual(await store.listMail(alice.id), []);

    assert.equal(await store.deleteMail(bob.id, sent.id), true);
    assert.equal(await store.deleteMail(bob.id, sent.id), false);
    assert.equal(await store.readMail(bob.id, sent.id), undefined);
    assert.deepEqual(await store.listMail(bob.id), []);
    assert.ok(await store.readMail(alice.id, sent.id)); // the sender's copy stays
    assert.equal(await store.deleteMail(alice.id, sent.id), true);
    const kept = await store.mailById(sent.id); // the sysop's explicit command
    assert.deepEqual([kept?.deletedBySender, kept?.deletedByRecipient], [true, true]);
  });

  test("mailboxes page newest first by id", async (store) => {
    const { alice, bob } = await board(store);
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const mail = await store.sendMail({
        fromUserId: alice.id,
        fromHandle: "Alice",
        toUserId: bob.id,
        toHandle: "Bob",
        subject: `Note ${i}`,
        body: "…",
        ...(ids.length > 0 ? { replyToId: ids.at(-1)! } : {}),
      });
      ids.push(mail.id);
    }
    const first = await store.listMail(bob.id, { limit: 3 });
    const second = await store.listMail(bob.id, { beforeId: first.at(-1)!.id, limit: 3 });
    const third = await store.listMail(bob.id, { beforeId: second.at(-1)!.id, limit: 3 });
    assert.deepEqual([...first, ...second, ...third].map((m) => m.id), ids.toReversed());
    assert.equal(first[0]!.replyToId, ids[5]);
    await assert.rejects(
      store.sendMail({
        fromUserId: alice.id,
        fromHandle: "Alice",
        toUserId: bob.id + 1000,
        toHandle: "Nobody",
        subject: "?",
        body: "?",
      }),
      (error: unknown) => isCarrierError(error, "USER_NOT_FOUND"),
    );
  });

  test("a deleted account's messages and mail keep the handle", async (store) => {
    const { general, alice, bob } = await board(store);
    const posted = await store.postMessage(note(general, bob, "Bye"));
    const mail = await store.sendMail({
      fromUserId: bob.id,
      fromHandle: "Bob",
      toUserId: alice.id,
      toHandle: "Alice",
      subject: "Bye",
      body: "bye",
    });
    await store.setLastRead(bob.id, general.id, 1);
    assert.equal(await store.deleteUser("bob"), true);
    const kept = await store.messageById(posted.id);
    assert.deepEqual([kept?.fromUserId, kept?.fromHandle], [null, "Bob"]);
    const received = await store.readMail(alice.id, mail.id);
    assert.deepEqual([received?.fromUserId, received?.fromHandle], [null, "Bob"]);
  });
}
