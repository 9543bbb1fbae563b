import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { isCarrierError } from "../../errors.ts";
import { FILE_SQL } from "./file_sql.ts";
import { MESSAGE_SQL } from "./message_sql.ts";
import type { Store } from "../store.ts";
import { runStoreSuite, withCleanup } from "../store_suite.ts";
import { openSqliteStore, type SqliteStore } from "./sqlite_store.ts";

/** A store on a file in a fresh temp directory (in a subdirectory it must create). */
async function openTempStore(): Promise<{ store: SqliteStore; dir: string }> {
  const dir = await Deno.makeTempDir({ prefix: "carrier_sqlite_" });
  return { store: openSqliteStore(`${dir}/data/carrier.db`), dir };
}

runStoreSuite("sqlite", async (): Promise<Store> => {
  const { store, dir } = await openTempStore();
  return withCleanup(store, () => Deno.remove(dir, { recursive: true }));
}, { ignore: false, openTwin: (store) => Promise.resolve(openSqliteStore(store.location)) });

async function withTempStore(body: (store: SqliteStore, dir: string) => Promise<void>) {
  const { store, dir } = await openTempStore();
  try {
    await body(store, dir);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("sqlite: the connection runs in WAL mode with synchronous=NORMAL and foreign keys on", () =>
  withTempStore((store) => {
    assert.equal(store.pragma("journal_mode"), "wal");
    assert.equal(store.pragma("synchronous"), 1); // NORMAL
    assert.equal(store.pragma("foreign_keys"), 1);
    assert.equal(store.pragma("busy_timeout"), 5000);
    return Promise.resolve();
  }));

Deno.test("sqlite: a statement is prepared once and reused", () =>
  withTempStore(async (store) => {
    await store.migrate();
    const bob = await store.createUser({ handle: "Bob", passwordHash: "h" });
    await store.userByHandle("Bob");
    await store.userById(bob.id);
    await store.recordLogin(bob.id, new Date());
    const prepared = store.cachedStatements;
    for (let i = 0; i < 5; i++) {
      await store.createUser({ handle: `Caller${i}`, passwordHash: "h" });
      await store.userByHandle(`caller${i}`);
      await store.userById(bob.id + i);
      await store.recordLogin(bob.id, new Date());
    }
    assert.equal(store.cachedStatements, prepared);
  }));

Deno.test("sqlite: a second store on the same file finds the schema already migrated", () =>
  withTempStore(async (store) => {
    assert.equal((await store.migrate())[0], "0001_users");
    await store.createUser({ handle: "Sysop", passwordHash: "h" });
    const other = openSqliteStore(store.location);
    try {
      assert.deepEqual(await other.migrate(), []);
      assert.equal((await other.createUser({ handle: "Bob", passwordHash: "h" })).isSysop, false);
    } finally {
      await other.close();
    }
  }));

Deno.test("sqlite: a path that cannot be a file is STORE_UNAVAILABLE", () =>
  withTempStore(async (_store, dir) => {
    await Deno.writeTextFile(`${dir}/plain_file`, "");
    assert.throws(() => openSqliteStore(`${dir}/plain_file/carrier.db`), (error: unknown) => {
      assert.ok(isCarrierError(error, "STORE_UNAVAILABLE"));
      assert.match(error.message, /^Cannot open the SQLite store at .*plain_file\/carrier\.db: /);
      return true;
    });
  }));

/** A read-only look at the file behind the store, for what the Store interface does not show. */
function rawRows(store: SqliteStore, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(store.location, { readOnly: true });
  try {
    return db.prepare(sql).all().map((row) => ({ ...row }));
  } finally {
    db.close();
  }
}

async function areaWithPoster(store: SqliteStore) {
  await store.migrate();
  const alice = await store.createUser({ handle: "Alice", passwordHash: "h" });
  const conference = await store.createConference({ name: "Local" });
  const area = await store.createArea({ conferenceId: conference.id, tag: "general", name: "G" });
  const post = (body: string) =>
    store.postMessage({
      areaId: area.id,
      fromUserId: alice.id,
      fromHandle: "Alice",
      subject: "s",
      body,
    });
  return { alice, area, post };
}

Deno.test("sqlite: a body above the threshold is stored compressed, one at it is not", () =>
  withTempStore(async (store) => {
    const { post } = await areaWithPoster(store);
    const long = "The quick brown fox jumps over the lazy dog. ".repeat(30);
    await post("x".repeat(512));
    await post(long);
    await post(crypto.getRandomValues(new Uint8Array(300)).join(",")); // digits: compresses
    const rows = rawRows(
      store,
      "SELECT compressed, length(body) AS stored, body_length AS length FROM messages ORDER BY id",
    );
    assert.deepEqual(rows[0], { compressed: 0, stored: 512, length: 512 });
    assert.equal(rows[1]!.compressed, 1);
    assert.equal(rows[1]!.length, long.length);
    assert.ok((rows[1]!.stored as number) < long.length / 5);
    assert.equal(rows[2]!.compressed, 1);
  }));

Deno.test("sqlite: compressAbove is configurable, and Infinity stores bodies as they are", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_sqlite_" });
  try {
    for (const [compressAbove, expected] of [[64, 1], [Infinity, 0]] as const) {
      const store = openSqliteStore(`${dir}/${compressAbove}.db`, { compressAbove });
      try {
        const { area, post } = await areaWithPoster(store);
        const body = "abcabcabc ".repeat(10);
        await post(body);
        assert.equal(rawRows(store, "SELECT compressed FROM messages")[0]!.compressed, expected);
        assert.equal((await store.readMessage(area.id, 1))?.body, body);
      } finally {
        await store.close();
      }
    }
    assert.throws(() => openSqliteStore(`${dir}/bad.db`, { compressAbove: -1 }), RangeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sqlite: a corrupt stored body is a CarrierError, never a crash or a huge allocation", () =>
  withTempStore(async (store) => {
    const { area, post } = await areaWithPoster(store);
    await post("To be mangled. ".repeat(100));
    await post("short and plain");
    const db = new DatabaseSync(store.location);
    try {
      db.exec(`UPDATE messages SET body = x'0badc0ffee' WHERE number = 1;
        UPDATE messages SET body_length = 2000000000 WHERE number = 2;`);
    } finally {
      db.close();
    }
    for (const number of [1, 2]) {
      await assert.rejects(store.readMessage(area.id, number), (error: unknown) => {
        assert.ok(isCarrierError(error, "STORE_FAILED"));
        assert.match(error.message, /^Cannot read message \d+: /);
        return true;
      });
    }
    assert.equal((await store.listMessages(area.id)).length, 2); // headers still list
  }));

Deno.test("sqlite: a post that settled survives a SIGKILL of the process right after", () =>
  withTempStore(async (store) => {
    const { area } = await areaWithPoster(store);
    await store.close();
    // The child posts until killed and says "saved N" after each postMessage settles.
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { openSqliteStore } from ${
          JSON.stringify(import.meta.resolve("./sqlite_store.ts"))
        };
        const store = openSqliteStore(${JSON.stringify(store.location)});
        const encoder = new TextEncoder();
        for (let i = 1; ; i++) {
          const { number } = await store.postMessage({ areaId: ${area.id}, fromUserId: null,
            fromHandle: "Node 2", subject: "Crash test " + i, body: "x".repeat(i * 7) });
          Deno.stdout.writeSync(encoder.encode("saved " + number + "\\n"));
        }`,
      ],
      cwd: new URL("../../../", import.meta.url),
      stdout: "piped",
      stderr: "null",
    }).spawn();
    let lastSaved = 0;
    let text = "";
    const decoder = new TextDecoder();
    const reader = child.stdout.getReader();
    while (lastSaved < 200) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const line of lines) lastSaved = Number(line.slice("saved ".length));
    }
    child.kill("SIGKILL");
    await reader.cancel();
    assert.equal((await child.status).signal, "SIGKILL");
    assert.ok(lastSaved >= 200, `the child saved only ${lastSaved}`);

    const reopened = openSqliteStore(store.location);
    try {
      const survived = await reopened.areaById(area.id);
      assert.ok(survived!.highWater >= lastSaved);
      for (const number of [1, lastSaved >> 1, lastSaved]) {
        const message = await reopened.readMessage(area.id, number);
        assert.equal(message?.body, "x".repeat(number * 7));
      }
    } finally {
      await reopened.close();
    }
  }));

Deno.test("sqlite: every message-base query seeks an index rather than scanning big tables", () =>
  withTempStore(async (store) => {
    await store.migrate();
    // Plans that mention a scan of a big table for a reason: inserting a parent row scans its
    // children only while deferred foreign-key violations are outstanding (never, here), and
    // deleting an area scans last_read for its CASCADE (a rare sysop command).
    const allowed: Record<string, RegExp> = {
      insertConference: /SCAN message_areas/,
      insertArea: /SCAN last_read/,
      deleteArea: /SCAN last_read/,
      sendMail: /SCAN mail/,
    };
    const db = new DatabaseSync(store.location, { readOnly: true });
    try {
      for (const [name, sql] of Object.entries(MESSAGE_SQL)) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => String(row.detail));
        for (const step of plan) {
          if (!/^SCAN (messages|mail|last_read|m|d|r)\b/.test(step)) continue;
          assert.ok(allowed[name]?.test(step), `${name}: ${step}`);
        }
      }
    } finally {
      db.close();
    }
  }));

Deno.test("sqlite: every file-area query seeks an index, and search walks a bounded key range", () =>
  withTempStore(async (store) => {
    await store.migrate();
    const db = new DatabaseSync(store.location, { readOnly: true });
    try {
      for (const [name, sql] of Object.entries(FILE_SQL)) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((row) => String(row.detail));
        for (const step of plan) {
          assert.doesNotMatch(step, /^SCAN (files|f|user_transfers)\b/, `${name}: ${step}`);
        }
        if (name === "search") {
          assert.ok(plan.includes("SEARCH f USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"));
        }
      }
    } finally {
      db.close();
    }
  }));
