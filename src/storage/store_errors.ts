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

/** `STORE_CONFLICT` for a message-area operation on an area that does not exist (any more). */
export function areaMissingError(action: string, areaId: number): CarrierError {
  return new CarrierError(
    "STORE_CONFLICT",
    `Cannot ${action}: message area ${areaId} does not exist`,
  );
}

/** `STORE_CONFLICT` for a reply to a message that is missing, deleted or in another area. */
export function replyTargetError(action: string, messageId: number): CarrierError {
  return new CarrierError(
    "STORE_CONFLICT",
    `Cannot ${action}: message ${messageId} does not exist in that area or was deleted`,
  );
}

/** `STORE_CONFLICT` for an area whose tag another area has. */
export function tagTakenError(action: string, tag: string, cause: unknown): CarrierError {
  return new CarrierError(
    "STORE_CONFLICT",
    `Cannot ${action}: the tag "${tag}" is taken`,
    { cause },
  );
}

/** `STORE_CONFLICT` for `deleteArea`/`deleteConference` without `force` on one that holds some. */
export function notEmptyError(action: string, holds: string): CarrierError {
  return new CarrierError(
    "STORE_CONFLICT",
    `Cannot ${action}: it holds ${holds} (delete with force to remove them too)`,
  );
}

/** `STORE_CONFLICT` for a row that names a user, area or conference that does not exist. */
export function missingReferenceError(action: string, what: string, cause: unknown): CarrierError {
  return new CarrierError("STORE_CONFLICT", `Cannot ${action}: ${what} does not exist`, { cause });
}

/** `USER_NOT_FOUND` for mail whose sender or recipient account does not exist. */
export function mailUserMissingError(action: string, cause: unknown): CarrierError {
  return new CarrierError(
    "USER_NOT_FOUND",
    `Cannot ${action}: the sender, the recipient or the mail replied to does not exist`,
    { cause },
  );
}

/** `STORE_CONFLICT` for a file operation on a file area that does not exist (any more). */
export function fileAreaMissingError(action: string, areaId: number): CarrierError {
  return new CarrierError("STORE_CONFLICT", `Cannot ${action}: file area ${areaId} does not exist`);
}

/** `FILE_NAME_TAKEN` for an `addFile` that hit the unique index on (area, name key). */
export function fileNameTakenError(action: string, name: string, cause: unknown): CarrierError {
  return new CarrierError(
    "FILE_NAME_TAKEN",
    `Cannot ${action}: the area already has a file named "${name}"`,
    { cause },
  );
}
