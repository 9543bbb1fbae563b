import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import {
  applyMigrations,
  listMigrations,
  type Migration,
  type MigrationTarget,
} from "./migrate.ts";

/** Runs `body` with a temp directory holding files named `names` (each with a comment). */
async function withMigrationFiles(names: string[], body: (directory: URL) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "carrier_migrations_" });
  try {
    for (const name of names) await Deno.writeTextFile(`${dir}/${name}`, `-- ${name}\n`);
    await body(new URL(`file://${dir}/`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function migrationFailed(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(isCarrierError(error, "MIGRATION_FAILED"));
    assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("migrations are listed in version order, other files ignored", () =>
  withMigrationFiles(["0002_messages.sql", "README.md", "0001_users.sql"], async (directory) => {
    const migrations = await listMigrations("sqlite", { directory });
    assert.deepEqual(migrations, [
      { version: 1, name: "0001_users", sql: "-- 0001_users.sql\n" },
      { version: 2, name: "0002_messages", sql: "-- 0002_messages.sql\n" },
    ]);
  }));

Deno.test("a gap in migration versions is refused", () =>
  withMigrationFiles(["0001_users.sql", "0003_files.sql"], async (directory) => {
    await assert.rejects(
      listMigrations("sqlite", { directory }),
      migrationFailed(/: version 2 is missing before "0003_files"$/),
    );
  }));

Deno.test("a repeated migration version is refused", () =>
  withMigrationFiles(["0001_users.sql", "0001_callers.sql"], async (directory) => {
    await assert.rejects(
      listMigrations("sqlite", { directory }),
      migrationFailed(/: "0001_users" repeats version 1$/),
    );
  }));

Deno.test("a misnamed .sql file is refused", () =>
  withMigrationFiles(["0001_users.sql", "2_messages.sql"], async (directory) => {
    await assert.rejects(
      listMigrations("sqlite", { directory }),
      migrationFailed(/: "2_messages.sql" is not named NNNN_name.sql$/),
    );
  }));

Deno.test("a missing migrations folder is MIGRATION_FAILED", async () => {
  const directory = new URL("./no_such_folder/", import.meta.url);
  await assert.rejects(listMigrations("sqlite", { directory }), migrationFailed(/no_such_folder/));
});

Deno.test("SQLite and PostgreSQL ship the same migrations", async () => {
  const names = async (dialect: "sqlite" | "postgres") =>
    (await listMigrations(dialect)).map((migration) => migration.name);
  assert.deepEqual(await names("sqlite"), await names("postgres"));
  assert.equal((await names("sqlite"))[0], "0001_users");
});

/** A target that records what it was asked to apply. */
function fakeTarget(applied: number[], appliesFirst = true) {
  const asked: string[] = [];
  const target: MigrationTarget = {
    createLedger: () => Promise.resolve(),
    appliedVersions: () => Promise.resolve(new Set(applied)),
    apply: (migration: Migration) => {
      asked.push(migration.name);
      return Promise.resolve(appliesFirst);
    },
  };
  return { target, asked };
}

Deno.test("only pending migrations are applied", async () => {
  const shipped = await listMigrations("sqlite");
  const fresh = fakeTarget([]);
  assert.deepEqual(await applyMigrations("sqlite", fresh.target), shipped.map((m) => m.name));
  const partly = fakeTarget([1]);
  assert.deepEqual(
    await applyMigrations("sqlite", partly.target),
    shipped.slice(1).map((m) => m.name),
  );
  const current = fakeTarget(shipped.map((m) => m.version));
  assert.deepEqual(await applyMigrations("sqlite", current.target), []);
  assert.deepEqual(current.asked, []);
});

Deno.test("a migration another process applied first is not reported as applied now", async () => {
  const { target, asked } = fakeTarget([], false);
  assert.deepEqual(await applyMigrations("postgres", target), []);
  assert.deepEqual(asked, (await listMigrations("postgres")).map((m) => m.name));
});

Deno.test("a database migrated by a newer Carrier is refused", async () => {
  const { target, asked } = fakeTarget([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  await assert.rejects(
    applyMigrations("sqlite", target),
    migrationFailed(/the database is at migration 9 but this Carrier knows only \d+; upgrade/),
  );
  assert.deepEqual(asked, []);
});
