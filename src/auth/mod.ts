/**
 * Who may log in: argon2id password hashing on a worker pool, and throttling of failed logins.
 *
 * `PasswordHasher` keeps argon2id (hash-wasm) off the event loop; the main thread never loads
 * hash-wasm, so start-up stays fast. An unknown handle is checked against a stand-in hash, so it
 * takes as long as a wrong password. `LoginThrottle` delays and then locks repeated failures per
 * IP and per handle.
 *
 * @example
 * ```ts
 * import { LoginThrottle, PasswordHasher } from "./src/auth/mod.ts";
 *
 * const hasher = new PasswordHasher();
 * const throttle = new LoginThrottle();
 * hasher.warm();
 *
 * const { ok, needsRehash } = await hasher.verify(password, user?.passwordHash);
 * if (ok && needsRehash) await store.setPasswordHash(user.id, await hasher.hash(password));
 * ```
 *
 * @module
 */

export { type PasswordCheck, PasswordHasher, type PasswordHasherOptions } from "./password.ts";
export { OWASP_PARAMS, parsePasswordParams, type PasswordParams } from "./password_params.ts";
export { LoginThrottle, type LoginThrottleOptions } from "./login_throttle.ts";
