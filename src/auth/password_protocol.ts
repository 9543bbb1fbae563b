/**
 * Messages between `PasswordHasher` and `password_worker.ts`. Types only, so the main thread can
 * share them without loading the worker's code.
 *
 * @module
 */

import type { PasswordParams } from "./password_params.ts";

/** What the worker is asked to do: hash with `params`, or check against a stored hash. */
export type PasswordTask =
  | { kind: "hash"; password: string; params: PasswordParams }
  | { kind: "verify"; password: string; encoded: string };

/** A task as posted to the worker; `id` comes back in the reply. */
export type PasswordRequest = PasswordTask & { id: number };

/** The worker's answer: the PHC string for `hash`, the match for `verify`, or what threw. */
export type PasswordReply =
  | { id: number; value: string | boolean }
  | { id: number; error: string };
