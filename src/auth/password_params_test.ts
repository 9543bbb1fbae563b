import assert from "node:assert/strict";
import {
  checkPasswordParams,
  OWASP_PARAMS,
  parsePasswordParams,
  parsePhcArgon2,
} from "./password_params.ts";

const SALT = "c29tZXNhbHRzb21lc2FsdA";
const HASH = "2gwotFrXd0+zAFJqh3DHaDnAxcUpU8hrA/whR9a0Ls0";

Deno.test("m, t and p are read from an argon2 PHC string", () => {
  assert.deepEqual(parsePasswordParams(`$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`), {
    memoryKiB: 19456,
    iterations: 2,
    parallelism: 1,
  });
  assert.deepEqual(parsePhcArgon2(`$argon2i$v=19$m=64,t=3,p=4$${SALT}$${HASH}`), {
    variant: "i",
    params: { memoryKiB: 64, iterations: 3, parallelism: 4 },
  });
  assert.equal(parsePhcArgon2(`$argon2d$v=19$m=64,t=3,p=4$${SALT}$${HASH}`)?.variant, "d");
});

Deno.test("anything but a well-formed argon2 v=19 string has no parameters", () => {
  for (
    const encoded of [
      "",
      "$argon2id$",
      `$argon2id$m=19456,t=2,p=1$${SALT}$${HASH}`,
      `$argon2id$v=16$m=19456,t=2,p=1$${SALT}$${HASH}`,
      `$argon2x$v=19$m=19456,t=2,p=1$${SALT}$${HASH}`,
      `$argon2id$v=19$p=1,m=19456,t=2$${SALT}$${HASH}`,
      `$argon2id$v=19$m=19456,t=2$${SALT}$${HASH}`,
      `$argon2id$v=19$m=7,t=2,p=1$${SALT}$${HASH}`,
      `$argon2id$v=19$m=19456,t=0,p=1$${SALT}$${HASH}`,
      `$argon2id$v=19$m=-1,t=2,p=1$${SALT}$${HASH}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${SALT}=$${HASH}`,
      `$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$${HASH}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${SALT.slice(1)}$${HASH}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${SALT}$${HASH} `,
      `$argon2id$v=19$m=19456,t=2,p=1$${SALT}$`,
    ]
  ) {
    assert.equal(parsePasswordParams(encoded), undefined, encoded);
  }
});

Deno.test("the OWASP parameters pass the checks and cannot be changed", () => {
  assert.equal(checkPasswordParams(OWASP_PARAMS), undefined);
  assert.throws(() => {
    (OWASP_PARAMS as { memoryKiB: number }).memoryKiB = 8;
  }, TypeError);
  assert.match(
    checkPasswordParams({ memoryKiB: 8, iterations: 1, parallelism: 2 })!,
    /at least 8 \* parallelism/,
  );
});
