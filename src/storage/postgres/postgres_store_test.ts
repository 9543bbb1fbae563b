import { listMigrations } from "../migrate.ts";
import assert from "node:assert/strict";
import { isCarrierError } from "../../errors.ts";
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

runStoreSuite("postgres", async (): Promise<Store | undefined> => {
  if (PG_URL === undefined) return undefined;
  const schema = await createScratchSchema(PG_URL);
  try {
    return withCleanup(await openPostgresStore(schema.url, { poolSize: 2 }), schema.drop);
  } catch (error) {
    await schema.drop();
    throw error;
  }
}, { ignore });

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
