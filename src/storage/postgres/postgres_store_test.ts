import { listMigrations } from "../migrate.ts";
import assert from "node:assert/strict";
import { isCarrierError } from "../../errors.ts";
import type { ImportedMessage } from "../message_types.ts";
import type { Store } from "../store.ts";
import { runStoreSuite, withCleanup } from "../store_suite.ts";
import { openPostgresStore } from "./postgres_store.ts";
import { createScratchSchema, type ScratchSchema } from "./scratch_schema.ts";

/**
 * The server to test against, e.g. postgres://postgres@127.0.0.1:5432/test. Unset: the cases
 * that need a server are registered as ignored. Set: they run, and an unreachable server fails.
 */
const PG_URL = Deno.env.get("CARRIER_TEST_PG_URL");
const ignore = PG_URL === undefined;

/** The scratch schema URL of each store the suite opened, for its twin. */
const schemaUrls = new WeakMap<Store, string>();

runStoreSuite("postgres", async (): Promise<Store | undefined> => {
  if (PG_URL === undefined) return undefined;
  const schema = await createScratchSchema(PG_URL);
  try {
    const store = withCleanup(await openPostgresStore(schema.url, { poolSize: 2 }), schema.drop);
    schemaUrls.set(store, schema.url);
    return store;
  } catch (error) {
    await schema.drop();
    throw error;
  }
}, { ignore, openTwin: (store) => openPostgresStore(schemaUrls.get(store)!, { poolSize: 2 }) });

/** Runs `body` with a fresh schema at `CARRIER_TEST_PG_URL`, dropped afterwards. */
async function withSchema(body: (schema: ScratchSchema) => Promise<void>) {
  const schema = await createScratchSchema(PG_URL!);
  try {
    await body(schema);
  } finally {
    await schema.drop();
  }
}

Deno.test({
  name: "postgres: two stores migrating one fresh schema at once both succeed, recorded once",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const stores = [await openPostgresStore(schema.url), await openPostgresStore(schema.url)];
      try {
        const applied = await Promise.all(stores.map((store) => store.migrate()));
        const shipped = await listMigrations("postgres");
        assert.deepEqual(applied.flat().sort(), shipped.map((m) => m.name));
        const rows = await schema.sql`SELECT version, name FROM schema_migrations ORDER BY version`;
        assert.deepEqual(Array.from(rows), shipped.map(({ version, name }) => ({ version, name })));
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }),
});

Deno.test({
  name: "postgres: two stores creating users in an empty table at once make one sysop",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const stores = [await openPostgresStore(schema.url), await openPostgresStore(schema.url)];
      try {
        await stores[0]!.migrate();
        const users = await Promise.all(
          stores.map((store, i) => store.createUser({ handle: `Racer${i}`, passwordHash: "h" })),
        );
        assert.deepEqual(users.map((user) => user.isSysop).sort(), [false, true]);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }),
});

Deno.test("postgres: an unreachable server fails fast with STORE_UNAVAILABLE naming where", async () => {
  // A port that was just free: nothing listens there, so the connection is refused.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  const url = `postgres://carrier:s3cret@127.0.0.1:${port}/carrier_bbs?connect_timeout=2`;
  await assert.rejects(openPostgresStore(url), (error: unknown) => {
    assert.ok(isCarrierError(error, "STORE_UNAVAILABLE"));
    assert.equal(
      error.message,
      `Cannot open the store (PostgreSQL at 127.0.0.1:${port}, database "carrier_bbs"): ` +
        "connection refused (ECONNREFUSED)",
    );
    assert.doesNotMatch(error.message, /s3cret/);
    return true;
  });
});

Deno.test("postgres: a pool size below one is a RangeError", async () => {
  await assert.rejects(openPostgresStore("postgres://u@127.0.0.1/db", { poolSize: 0 }), RangeError);
});

/** A migrated store in `schema` with one area and a poster. */
async function areaWithPoster(schema: ScratchSchema, options: { compressAbove?: number } = {}) {
  const store = await openPostgresStore(schema.url, { poolSize: 2, ...options });
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
  return { store, area, post };
}

Deno.test({
  name: "postgres: a body above the threshold is stored compressed, one at it is not",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const { store, post } = await areaWithPoster(schema);
      try {
        const long = "The quick brown fox jumps over the lazy dog. ".repeat(30);
        await post("x".repeat(512));
        await post(long);
        const rows = await schema.sql`
          SELECT compressed, length(body) AS stored, body_length AS length
          FROM messages ORDER BY id`;
        assert.deepEqual({ ...rows[0] }, { compressed: false, stored: 512, length: 512 });
        assert.equal(rows[1]!.compressed, true);
        assert.ok(rows[1]!.stored < long.length / 5);
      } finally {
        await store.close();
      }
    }),
});

Deno.test({
  name: "postgres: an import of long bodies is cut into INSERTs of at most 32 MiB of JSON",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      // Stored as is, each 1 MB body is 1.33 MB of base64 in the JSON: 25 fit in one INSERT.
      const { store, area } = await areaWithPoster(schema, { compressAbove: Infinity });
      try {
        const batch = (length: number): ImportedMessage[] =>
          Array.from({ length: 30 }, (_, i) => ({
            fromHandle: "Importer",
            subject: `m${i}`,
            body: String.fromCharCode(97 + i % 26).repeat(length),
            createdAt: new Date(),
          }));
        let before = store.stats.queries;
        await store.importMessages(area.id, batch(10));
        const oneInsert = store.stats.queries - before;
        const long = batch(1_000_000);
        before = store.stats.queries;
        const { firstNumber, lastNumber } = await store.importMessages(area.id, long);
        assert.equal(store.stats.queries - before, oneInsert + 1);
        assert.equal((await store.readMessage(area.id, firstNumber))!.body, long[0]!.body);
        assert.equal((await store.readMessage(area.id, firstNumber + 25))!.body, long[25]!.body);
        assert.equal((await store.readMessage(area.id, lastNumber))!.body, long[29]!.body);
      } finally {
        await store.close();
      }
    }),
});

Deno.test({
  name: "postgres: a corrupt stored body is a CarrierError, never a crash",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const { store, area, post } = await areaWithPoster(schema);
      try {
        await post("To be mangled. ".repeat(100));
        await post("short");
        await schema.sql`UPDATE messages SET body = '\\x0badc0ffee'::bytea WHERE number = 1`;
        await schema.sql`UPDATE messages SET body_length = 2000000000 WHERE number = 2`;
        for (const number of [1, 2]) {
          await assert.rejects(
            store.readMessage(area.id, number),
            (error: unknown) => isCarrierError(error, "STORE_FAILED"),
          );
        }
      } finally {
        await store.close();
      }
    }),
});

/** Waits until `check()` holds, for at most 5 s. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 5000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test({
  name: "postgres: while the LISTEN connection is down reads bypass the cache, then it resumes",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const { store, area, post } = await areaWithPoster(schema);
      const twin = await openPostgresStore(schema.url, { poolSize: 1 });
      try {
        await post("one");
        assert.equal(store.cacheListening, true);
        await store.listMessages(area.id);
        await store.listMessages(area.id);
        assert.equal(store.stats.cacheHits, 1);

        // Cut the LISTEN connection: the cache empties and stops answering at once.
        const pid = store.listenerPid!;
        await schema.sql`SELECT pg_terminate_backend(${pid})`;
        await until(() => !store.cacheListening, "the drop noticed");
        assert.equal(store.stats.cacheEntries, 0);
        // A post by another daemon now sends a NOTIFY nobody here hears; it is seen anyway.
        await twin.postMessage({
          areaId: area.id,
          fromUserId: null,
          fromHandle: "Twin",
          subject: "t",
          body: "two",
        });
        const queries = store.stats.queries;
        assert.equal((await store.listMessages(area.id))[0]!.number, 2);
        assert.equal((await store.listMessages(area.id))[0]!.number, 2);
        assert.equal(store.stats.queries - queries, 2);
        assert.ok(store.stats.cacheBypasses >= 2);

        // Back: LISTEN again on a new connection, and caching resumes from empty.
        await until(() => store.cacheListening, "LISTEN again");
        assert.notEqual(store.listenerPid, pid);
        await store.listMessages(area.id);
        const hits = store.stats.cacheHits;
        await store.listMessages(area.id);
        assert.equal(store.stats.cacheHits, hits + 1);
        const invalidations = store.stats.cacheInvalidations;
        await twin.postMessage({
          areaId: area.id,
          fromUserId: null,
          fromHandle: "Twin",
          subject: "t",
          body: "three",
        });
        await until(() => store.stats.cacheInvalidations > invalidations, "the NOTIFY");
        assert.equal((await store.listMessages(area.id))[0]!.number, 3);
      } finally {
        await twin.close();
        await store.close();
      }
    }),
});

Deno.test({
  name: "postgres: with the read cache off there is no LISTEN connection and every read queries",
  ignore,
  fn: () =>
    withSchema(async (schema) => {
      const store = await openPostgresStore(schema.url, { readCache: { maxEntries: 0 } });
      try {
        await store.migrate();
        assert.equal(store.cacheListening, false);
        assert.equal(store.listenerPid, undefined);
        const before = store.stats.queries;
        await store.listAreas({ level: 10 });
        await store.listAreas({ level: 10 });
        assert.equal(store.stats.queries - before, 2);
        // A LISTEN connection's last statement names the schema's channel.
        const [row] = await schema.sql`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE application_name = 'carrier listen' AND query LIKE ${`LISTEN%${schema.name}%`}`;
        assert.equal(row!.n, 0);
      } finally {
        await store.close();
      }
    }),
});
