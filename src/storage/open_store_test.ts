import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { describeDatabaseUrl, openStore } from "./mod.ts";

Deno.test("sqlite:PATH opens a SQLite store, creating the parent directory", async () => {
  const dir = await Deno.makeTempDir({ prefix: "carrier_open_" });
  try {
    const store = await openStore(`sqlite:${dir}/a/b/carrier.db`);
    try {
      assert.equal(store.kind, "sqlite");
      assert.equal(store.location, `${dir}/a/b/carrier.db`);
      assert.equal((await store.migrate())[0], "0001_users");
    } finally {
      await store.close();
    }
    assert.ok((await Deno.stat(`${dir}/a/b/carrier.db`)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a postgres:// URL opens through the PostgreSQL adapter", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  // Nothing listens, so reaching the adapter shows as its STORE_UNAVAILABLE.
  for (const scheme of ["postgres", "postgresql"]) {
    await assert.rejects(
      openStore(`${scheme}://u:pw@127.0.0.1:${port}/bbs?connect_timeout=2`),
      (error: unknown) => isCarrierError(error, "STORE_UNAVAILABLE"),
    );
  }
});

Deno.test("a database URL of another kind is CONFIG_INVALID, naming the accepted forms", async () => {
  for (
    const url of [
      "mysql://root:hunter2@db/bbs",
      "data/carrier.db",
      "sqlite:",
      "postgres://u:hunter2@[db",
    ]
  ) {
    await assert.rejects(openStore(url), (error: unknown) => {
      assert.ok(isCarrierError(error, "CONFIG_INVALID"), url);
      assert.match(error.message, /must be sqlite:PATH .* or postgres:\/\//);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  }
});

Deno.test("describeDatabaseUrl hides the password", () => {
  assert.equal(
    describeDatabaseUrl("postgres://carrier:hunter2@db:5432/bbs?sslmode=require"),
    "postgres://carrier:***@db:5432/bbs?sslmode=require",
  );
  assert.equal(
    describeDatabaseUrl("postgresql://carrier@db/bbs?password=hunter2"),
    "postgresql://carrier@db/bbs?password=***",
  );
  assert.equal(describeDatabaseUrl("postgres://carrier@db/bbs"), "postgres://carrier@db/bbs");
  assert.equal(describeDatabaseUrl("sqlite:data/carrier.db"), "sqlite:data/carrier.db");
  assert.doesNotMatch(describeDatabaseUrl("postgres://u:hunter2@[bad"), /hunter2/);
});
