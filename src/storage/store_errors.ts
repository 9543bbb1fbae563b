/**
 * The `CarrierError`s both adapters throw for the same conditions, so their messages match.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import { handleKey } from "./store.ts";

/** `HANDLE_TAKEN` for a `createUser` that hit the unique index on `handle_key`. */
export function handleTakenError(handle: string, cause: unknown): CarrierError {
  return new CarrierError(
    "HANDLE_TAKEN",
    `Cannot create user "${handle}": the handle "${handleKey(handle)}" is taken`,
    { cause },
  );
}

/** `USER_NOT_FOUND` for an update whose user id matched no row. */
export function userNotFoundError(action: string, userId: number): CarrierError {
  return new CarrierError("USER_NOT_FOUND", `Cannot ${action}: no user has id ${userId}`);
}

/** `STORE_UNAVAILABLE` for a call made after `close()`. */
export function storeClosedError(location: string): CarrierError {
  return new CarrierError(
    "STORE_UNAVAILABLE",
    `Cannot use the store at ${location}: it is closed`,
  );
}
