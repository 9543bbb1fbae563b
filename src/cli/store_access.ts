/**
 * Opening the store for one admin command.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { openStore, type Store } from "../storage/mod.ts";

/** Opens the store, brings its schema up to date (unless `migrate` is false), runs, closes. */
export async function withStore(
  config: Config,
  run: (store: Store) => Promise<void>,
  options: { migrate: boolean } = { migrate: true },
): Promise<void> {
  const store = await openStore(config.database, { poolSize: 2 });
  try {
    if (options.migrate) await store.migrate();
    await run(store);
  } finally {
    await store.close();
  }
}
