/**
 * Throwaway PostgreSQL schemas for tests and benches, so each run starts empty and leaves nothing.
 *
 * @module
 */

import postgres from "postgres";

/** A schema that exists until `drop()`. */
export interface ScratchSchema {
  /** The schema's name, `carrier_test_<random>`. */
  name: string;
  /** The database URL with `search_path` set to this schema. */
  url: string;
  /** One connection with `search_path` set to this schema, for setup and checks. */
  sql: postgres.Sql;
  /** Drops the schema with everything in it, and ends `sql`. */
  drop(): Promise<void>;
}

/**
 * Creates an empty schema in the database at `url`.
 *
 * @example
 * ```ts
 * const schema = await createScratchSchema("postgres://postgres@127.0.0.1:5432/test");
 * const store = await openPostgresStore(schema.url);
 * // …
 * await store.close();
 * await schema.drop();
 * ```
 */
export async function createScratchSchema(url: string): Promise<ScratchSchema> {
  const name = `carrier_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const scoped = new URL(url);
  scoped.searchParams.set("search_path", name);
  // search_path may name a schema that does not exist yet; it applies once the schema does.
  const sql = postgres(scoped.href, { max: 1, onnotice: () => {}, fetch_types: false });
  try {
    await sql`CREATE SCHEMA ${sql(name)}`;
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw error;
  }
  let dropping: Promise<void> | undefined;
  const drop = async () => {
    try {
      await sql`DROP SCHEMA IF EXISTS ${sql(name)} CASCADE`;
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  return { name, url: scoped.href, sql, drop: () => dropping ??= drop() };
}
