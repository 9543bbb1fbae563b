import assert from "node:assert/strict";
import { isCarrierError } from "../../errors.ts";
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
}, { ignore: false });

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
