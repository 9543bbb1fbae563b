/**
 * Account rules: what a handle may be, logging in with throttling, and applying as a new user.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import { log } from "../log/mod.ts";
import { handleKey, type User } from "../storage/mod.ts";
import { isCp437Text } from "../terminal/mod.ts";
import type { Board } from "./board.ts";
import { isPrintable } from "./line_input.ts";

/** Shortest and longest handle. */
export const HANDLE_MIN = 2;
export const HANDLE_MAX = 30;

/** Longest password accepted at any prompt (argon2 takes any length; this bounds input). */
export const PASSWORD_MAX = 128;

/** Handles nobody may take, because prompts give them a meaning. */
const RESERVED_HANDLES = new Set(["new"]);

/**
 * Checks a handle a caller wants.
 *
 * @returns why it is not acceptable, or `undefined` when it is
 */
export function handleProblem(handle: string): string | undefined {
  const length = [...handle].length;
  if (length < HANDLE_MIN || length > HANDLE_MAX) {
    return `A handle has ${HANDLE_MIN} to ${HANDLE_MAX} characters.`;
  }
  if (handle.trim() !== handle) return "A handle cannot start or end with a space.";
  for (const char of handle) {
    if (!isPrintable(char)) return "A handle cannot hold control characters.";
  }
  // Every caller must be able to see every handle, CP437 terminals included.
  if (!isCp437Text(handle)) return "A handle can only use characters every terminal can show.";
  if (RESERVED_HANDLES.has(handleKey(handle))) return `"${handle}" is reserved.`;
  return undefined;
}

/** The outcome of a login attempt. */
export type LoginResult =
  | { kind: "ok"; user: User; verifyMs: number }
  | { kind: "invalid" }
  | { kind: "locked"; until: number };

/**
 * Checks a handle and password. Failed attempts slow down per address and per handle, lock
 * both after repeated failures, and are logged; an unknown handle costs a full verification
 * so it cannot be told from a wrong password by timing. A hash made with older parameters is
 * replaced after a successful login.
 */
export async function attemptLogin(
  board: Board,
  attempt: { address: string; handle: string; password: string; node: number },
): Promise<LoginResult> {
  const { throttle, store, passwords } = board;
  const key = handleKey(attempt.handle);
  const lockedUntil = throttle.lockedUntil(attempt.address, key);
  if (lockedUntil !== undefined) {
    log.warn?.("Login refused: locked", {
      handle: attempt.handle,
      address: attempt.address,
      node: attempt.node,
    });
    return { kind: "locked", until: lockedUntil };
  }
  const delay = throttle.delayMs(attempt.address, key);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const user = await store.userByHandle(attempt.handle);
  const started = performance.now();
  const check = await passwords.verify(attempt.password, user?.passwordHash);
  const verifyMs = performance.now() - started;
  if (!check.ok || !user) {
    throttle.recordFailure(attempt.address, key);
    log.warn?.("Login failed", {
      handle: attempt.handle,
      address: attempt.address,
      node: attempt.node,
      known: user !== undefined,
    });
    return { kind: "invalid" };
  }
  throttle.recordSuccess(attempt.address, key);
  if (check.needsRehash) {
    try {
      await store.setPasswordHash(user.id, await passwords.hash(attempt.password));
      log.info?.("Password re-hashed with current parameters", { handle: user.handle });
    } catch (error) {
      // The login itself succeeded; the old hash still works, so try again next time.
      log.warn?.("Password re-hash failed", { handle: user.handle, error });
    }
  }
  return { kind: "ok", user, verifyMs };
}

/** What a new caller fills in. */
export interface Application {
  handle: string;
  password: string;
  realName: string;
  location: string;
}

/**
 * Creates the account for a completed application.
 *
 * @throws {CarrierError} `HANDLE_TAKEN` when someone took the handle meanwhile
 */
export async function createAccount(board: Board, application: Application): Promise<User> {
  const problem = handleProblem(application.handle);
  if (problem) throw new CarrierError("HANDLE_INVALID", problem);
  const passwordHash = await board.passwords.hash(application.password);
  const user = await board.store.createUser({
    handle: application.handle,
    passwordHash,
    realName: application.realName,
    location: application.location,
    securityLevel: board.config.newUserLevel,
  });
  log.info?.("New user", { handle: user.handle, level: user.securityLevel, sysop: user.isSysop });
  return user;
}
