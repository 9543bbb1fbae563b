/**
 * Defaults and checks for a `UserPage`, shared by both adapters.
 *
 * @module
 */

import type { UserPage } from "./store.ts";

/** Rows per page when `UserPage.limit` is not given. */
export const DEFAULT_PAGE_LIMIT = 100;

/**
 * The keyset bounds of a page: users with an id above `afterId`, at most `limit` of them.
 *
 * @throws {RangeError} when `afterId` is not an integer or `limit` is not a positive integer
 */
export function resolveUserPage(page: UserPage = {}): { afterId: number; limit: number } {
  const { afterId = 0, limit = DEFAULT_PAGE_LIMIT } = page;
  if (!Number.isInteger(afterId)) {
    throw new RangeError(`Cannot list users: afterId must be an integer, got ${afterId}`);
  }
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`Cannot list users: limit must be a positive integer, got ${limit}`);
  }
  return { afterId, limit };
}
