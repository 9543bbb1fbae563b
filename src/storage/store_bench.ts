/**
 * Store hot paths on 10,000 users: SQLite on a temp file, and PostgreSQL in a scratch schema when
 * CARRIER_TEST_PG_URL is set (otherwise those benches are ignored).
 *
 * `deno bench -A src/storage/store_bench.ts`
 *
 * @module
 */

import { cycle } from "./bench_cycle.ts";
import { openPostgresStore } from "./postgres/postgres_store.ts";
import { createScratchSchema } from "./postgres/scratch_schema.ts";
import { openSqliteStore } from "./sqlite/sqlite_store.ts";
import type { Store } from "./store.ts";

const USERS = 10_000;
const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
const PG_URL = Deno.env.get("CARRIER_TEST_PG_URL");

const dir = await Deno.makeTempDir({ prefix: "carrier_bench_" });
const sqlite = openSqliteStore(`${dir}/carrier.db`);
await sqlite.migrate();
// Through the adapter: one BEGIN IMMEDIATE transaction per user, ≈ 0.3 s for all of them.
for (let i = 1; i <= USERS; i++) {
  await sqlite.createUser({ handle: `Caller${i}`, passwordHash: HASH });
}

const schema = PG_URL === undefined ? undefined : await createScratchSchema(PG_URL);
const pg = schema && await openPostgresStore(schema.url);
if (schema && pg) {
  await pg.migrate();
  // One multi-row INSERT: through createUser it would take a round trip per statement.
  await schema.sql`
    INSERT INTO users (handle, handle_key, password_hash, security_level, is_sysop)
    SELECT 'Caller' || n, 'caller' || n, ${HASH}, 10, n = 1 FROM generate_series(1, ${USERS}) AS n`;
}

/** Every user's id, read back a keyset page at a time. */
async function allIds(store: Store): Promise<number[]> {
  const ids: number[] = [];
  for (let page = await store.listUsers({ limit: 1000 }); page.length > 0;) {
    ids.push(...page.map((user) => user.id));
    page = await store.listUsers({ afterId: ids.at(-1)!, limit: 1000 });
  }
  return ids;
}

const backends: { name: string; store: Store | undefined; baseline: boolean }[] = [
  { name: "sqlite", store: sqlite, baseline: true },
  { name: "postgres", store: pg, baseline: false },
];

for (const { name, store, baseline } of backends) {
  const ignore = store === undefined;
  const ids = store ? await allIds(store) : [];
  const nextHandle = cycle(ids.map((_, i) => `caller${i + 1}`));
  const nextId = cycle(ids);
  Deno.bench({
    name,
    group: "userByHandle, 10,000 users",
    baseline,
    ignore,
    fn: async () => {
      await store!.userByHandle(nextHandle());
    },
  });
  Deno.bench({
    name,
    group: "userById, 10,000 users",
    baseline,
    ignore,
    fn: async () => {
      await store!.userById(nextId());
    },
  });
  Deno.bench({
    name,
    group: "recordLogin, 10,000 users",
    baseline,
    ignore,
    fn: async () => {
      await store!.recordLogin(nextId(), new Date());
    },
  });
  Deno.bench({
    name,
    group: "listUsers, a 25-row keyset page",
    baseline,
    ignore,
    fn: async () => {
      await store!.listUsers({ afterId: nextId(), limit: 25 });
    },
  });
}

// Deno.bench has no after-all hook; this runs last, and only its first run does anything. (An
// `async` fn: Deno.bench awaits only functions declared async, not ones that return a promise.)
let tornDown: Promise<void> | undefined;
async function tearDown() {
  await sqlite.close();
  await Deno.remove(dir, { recursive: true });
  await pg?.close();
  await schema?.drop();
}
Deno.bench({
  name: "teardown (not a measurement): close stores, drop the schema, remove the temp dir",
  group: "teardown",
  n: 1,
  warmup: 0,
  fn: async () => {
    await (tornDown ??= tearDown());
  },
});
