/**
 * The worker behind `PasswordHasher`: runs hash-wasm's argon2id off the event loop, one job at a
 * time, and answers each `PasswordRequest` with a `PasswordReply` carrying the same id.
 *
 * Only this file imports hash-wasm, so the daemon's start-up never loads it.
 *
 * @module
 */

import { argon2id, argon2Verify } from "hash-wasm";
import { reuseArgon2Instance } from "./argon2_reuse.ts";
import { HASH_BYTES, SALT_BYTES } from "./password_params.ts";
import type { PasswordReply, PasswordRequest } from "./password_protocol.ts";

/** The part of a worker's global scope this file uses (the main thread's types lack it). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PasswordRequest>) => void) | null;
  postMessage(reply: PasswordReply): void;
}

async function answer(request: PasswordRequest): Promise<string | boolean> {
  if (request.kind === "verify") {
    return await argon2Verify({ password: request.password, hash: request.encoded });
  }
  const { memoryKiB, iterations, parallelism } = request.params;
  return await argon2id({
    password: request.password,
    salt: crypto.getRandomValues(new Uint8Array(SALT_BYTES)),
    memorySize: memoryKiB,
    iterations,
    parallelism,
    hashLength: HASH_BYTES,
    outputType: "encoded",
  });
}

reuseArgon2Instance();

const scope = globalThis as unknown as WorkerScope;
// The reused argon2 instance serves one hash at a time, so jobs run strictly in turn even if the
// pool ever posted two.
let previous: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const request = event.data;
  previous = previous.then(async () => {
    try {
      scope.postMessage({ id: request.id, value: await answer(request) });
    } catch (error) {
      scope.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
};
