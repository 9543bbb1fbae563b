/**
 * What every session shares: settings, the store, password hashing, login throttling, the
 * node table and the file vault.
 *
 * @module
 */

import type { LoginThrottle, PasswordHasher } from "../auth/mod.ts";
import type { Config } from "../config/mod.ts";
import type { FileVault } from "../files/mod.ts";
import type { Store } from "../storage/mod.ts";
import type { NodeTable } from "./nodes.ts";
import type { Session } from "./session.ts";

/** The board a session runs on. */
export interface Board {
  readonly config: Config;
  readonly store: Store;
  readonly passwords: PasswordHasher;
  readonly throttle: LoginThrottle;
  readonly nodes: NodeTable<Session>;
  readonly vault: FileVault;
}
