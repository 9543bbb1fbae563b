/**
 * The behaviour every `Store` must show, as one suite each adapter's test file runs against a
 * fresh store per case.
 *
 * @module
 */

import { listMigrations } from "./migrate.ts";
import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { registerFileListingCases } from "./file_listing_suite.ts";
import { registerFileCases } from "./file_suite.ts";
import { type OpenTwin, registerMessageCases } from "./message_suite.ts";
import { NEW_USER_LEVEL, type NewUser, type Store, SYSOP_LEVEL, type User } from "./store.ts";

const HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/** A new-user record with only the required fields. */
function caller(handle: string, passwordHash = HASH): NewUser {
  return { handle, passwordHash };
}

/** An assert.rejects validator for a `CarrierError` with this code. */
function carrierError(code: Parameters<typeof isCarrierError>[1]) {
  return (error: unknown) => isCarrierError(error, code);
}

/**
 * Registers the store suite as `Deno.test` cases named `"<name>: <behaviour>"`. Each case calls
 * `open` for a fresh, unmigrated store and closes it at the end. The message-base cases are in
 * `message_suite.ts`, the file-area cases in `file_suite.ts` and `file_listing_suite.ts`.
 *
 * @param open a fresh store; `undefined` only when the suite is ignored (its backend is absent)
 * @param options.ignore register the cases as ignored, so they show up as such
 * @param options.openTwin a second store on the same database as the one given (a second
 *   daemon), for the cross-daemon cache cases; the case closes it
 * @example
 * ```ts
 * runStoreSuite("sqlite", openTempStore, {
 *   ignore: false,
 *   openTwin: (store) => Promise.resolve(openSqliteStore(store.location)),
 * });
 * ```
 */
export function runStoreSuite(
  name: string,
  open: () => Promise<Store | undefined>,
  options: { ignore: boolean; openTwin: OpenTwin },
): void {
  const test = (behaviour: string, body: (store: Store) => Promise<void>, migrate = true) =>
    Deno.test({
      name: `${name}: ${behaviour}`,
      ignore: options.ignore,
      async fn() {
        const store = await open();
        if (store === undefined) throw new Error(`${name}: open() gave no store to test`);
        try {
          if (migrate) await store.migrate();
          await body(store);
        } finally {
          await store.close();
        }
      },
    });

  test("migrate applies every shipped migration, then has nothing left to apply", async (store) => {
    const shipped = (await listMigrations(store.kind)).map((migration) => migration.name);
    assert.equal(shipped[0], "0001_users");
    assert.deepEqual(await store.migrate(), shipped);
    assert.deepEqual(await store.migrate(), []);
    assert.equal(await store.countUsers(), 0);
  }, false);

  test("the first user is the sysop even when not asked, later ones are not", async (store) => {
    const before = Date.now();
    const sysop = await store.createUser(caller("Sysop"));
    const after = Date.now();
    assert.deepEqual({ ...sysop, createdAt: undefined }, {
      id: sysop.id,
      handle: "Sysop",
      passwordHash: HASH,
      realName: "",
      location: "",
      securityLevel: SYSOP_LEVEL,
      isSysop: true,
      calls: 0,
      createdAt: undefined,
      lastLoginAt: null,
      charset: null,
    });
    assert.ok(sysop.createdAt.getTime() >= before && sysop.createdAt.getTime() <= after);

    const second = await store.createUser(caller("Caller"));
    assert.equal(second.isSysop, false);
    assert.equal(second.securityLevel, NEW_USER_LEVEL);

    const cosysop = await store.createUser({
      ...caller("Cosysop"),
      realName: "Ada Lovelace",
      location: "London",
      securityLevel: 200,
      isSysop: true,
    });
    assert.deepEqual(
      [cosysop.realName, cosysop.location, cosysop.securityLevel, cosysop.isSysop],
      ["Ada Lovelace", "London", 200, true],
    );
  });

  test("a handle taken in any letter case is refused and nothing is written", async (store) => {
    const zoe = await store.createUser(caller("Zoë"));
    for (const handle of ["ZOË", "zoë", "Zoe\u0308"]) {
      await assert.rejects(store.createUser(caller(handle, "other")), (error: unknown) => {
        assert.ok(isCarrierError(error, "HANDLE_TAKEN"));
        assert.match(error.message, /^Cannot create user ".+": the handle "zoë" is taken$/);
        return true;
      });
    }
    await store.createUser(caller("Bob"));
    await assert.rejects(store.createUser(caller("bOB")), carrierError("HANDLE_TAKEN"));

    assert.equal(await store.countUsers(), 2);
    assert.deepEqual(await store.userByHandle("zoë"), zoe);
  });

  test("userByHandle finds a user in any letter case", async (store) => {
    const bob = await store.createUser(caller("Bob"));
    const zoe = await store.createUser(caller("Zoë"));
    for (const handle of ["Bob", "bob", "BOB", "bOb"]) {
      assert.deepEqual(await store.userByHandle(handle), bob, handle);
    }
    for (const handle of ["zoë", "ZOË", "Zoe\u0308"]) {
      assert.deepEqual(await store.userByHandle(handle), zoe, handle);
    }
    assert.equal(await store.userByHandle("Alice"), undefined);
  });

  test("userById finds a user and misses an unknown id", async (store) => {
    const bob = await store.createUser(caller("Bob"));
    assert.deepEqual(await store.userById(bob.id), bob);
    assert.equal(await store.userById(bob.id + 1000), undefined);
  });

  test("listUsers pages by id and covers every user exactly once", async (store) => {
    const created: User[] = [];
    for (let i = 1; i <= 8; i++) created.push(await store.createUser(caller(`Caller${i}`)));
    await store.deleteUser("Caller3"); // a gap in the ids must not cost a row or repeat one
    const expected = created.filter((user) => user.handle !== "Caller3");

    const seen: User[] = [];
    const sizes: number[] = [];
    let afterId: number | undefined;
    for (;;) {
      const page = await store.listUsers(
        afterId === undefined ? { limit: 3 } : { afterId, limit: 3 },
      );
      sizes.push(page.length);
      if (page.length === 0) break;
      seen.push(...page);
      afterId = page.at(-1)!.id;
    }
    assert.deepEqual(sizes, [3, 3, 1, 0]);
    assert.deepEqual(seen, expected);
    assert.deepEqual(await store.listUsers(), expected);
    await assert.rejects(store.listUsers({ limit: 0 }), RangeError);
  });

  test("countUsers counts accounts", async (store) => {
    assert.equal(await store.countUsers(), 0);
    for (const handle of ["A", "B", "C"]) await store.createUser(caller(handle));
    assert.equal(await store.countUsers(), 3);
    await store.deleteUser("b");
    assert.equal(await store.countUsers(), 2);
  });

  test("setPasswordHash replaces the hash of that user only", async (store) => {
    const bob = await store.createUser(caller("Bob"));
    const eve = await store.createUser(caller("Eve"));
    await store.setPasswordHash(bob.id, "$argon2id$new");
    assert.equal((await store.userById(bob.id))?.passwordHash, "$argon2id$new");
    assert.equal((await store.userById(eve.id))?.passwordHash, HASH);
    await assert.rejects(store.setPasswordHash(eve.id + 1000, "x"), carrierError("USER_NOT_FOUND"));
  });

  test("setCharset remembers and forgets a caller's character set", async (store) => {
    const bob = await store.createUser(caller("Bob"));
    assert.equal(bob.charset, null);
    await store.setCharset(bob.id, "utf8");
    assert.equal((await store.userByHandle("bob"))?.charset, "utf8");
    await store.setCharset(bob.id, "cp437");
    assert.equal((await store.userById(bob.id))?.charset, "cp437");
    await store.setCharset(bob.id, null);
    assert.equal((await store.userById(bob.id))?.charset, null);
    await assert.rejects(store.setCharset(bob.id + 1000, "utf8"), carrierError("USER_NOT_FOUND"));
  });

  test("recordLogin adds a call and keeps the time to the millisecond", async (store) => {
    const bob = await store.createUser(caller("Bob"));
    const first = new Date("2025-03-04T05:06:07.089Z");
    const second = new Date("2025-03-05T23:59:59.999Z");

    const once = await store.recordLogin(bob.id, first);
    assert.equal(once.calls, 1);
    assert.equal(once.lastLoginAt?.getTime(), first.getTime());

    const twice = await store.recordLogin(bob.id, second);
    assert.equal(twice.calls, 2);
    assert.equal(twice.lastLoginAt?.getTime(), second.getTime());
    assert.deepEqual(await store.userById(bob.id), twice);
    await assert.rejects(store.recordLogin(bob.id + 1000, first), carrierError("USER_NOT_FOUND"));
  });

  test("deleteUser removes a user in any letter case and frees the handle", async (store) => {
    await store.createUser(caller("Zoë"));
    const bob = await store.createUser(caller("Bob"));
    assert.equal(await store.deleteUser("ZOË"), true);
    assert.equal(await store.deleteUser("Zoë"), false);
    assert.equal(await store.userByHandle("Zoë"), undefined);
    assert.deepEqual(await store.listUsers(), [bob]);
    assert.equal((await store.createUser(caller("zoë"))).handle, "zoë");
  });

  test("close ends the store: later calls fail with STORE_UNAVAILABLE", async (store) => {
    await store.createUser(caller("Bob"));
    await store.listAreas({ level: 10 }); // cached: must not answer after close
    await store.listFileAreas({ level: 10 });
    await store.close();
    await assert.rejects(store.userByHandle("Bob"), carrierError("STORE_UNAVAILABLE"));
    await assert.rejects(store.createUser(caller("Eve")), carrierError("STORE_UNAVAILABLE"));
    await assert.rejects(store.listMessages(1), carrierError("STORE_UNAVAILABLE"));
    await assert.rejects(store.newScan(1, 10), carrierError("STORE_UNAVAILABLE"));
    await assert.rejects(store.listAreas({ level: 10 }), carrierError("STORE_UNAVAILABLE"));
    await assert.rejects(store.listFileAreas({ level: 10 }), carrierError("STORE_UNAVAILABLE"));
    await store.close(); // a second close is harmless
  });

  registerMessageCases(test, options.openTwin);
  registerFileCases(test, options.openTwin);
  registerFileListingCases(test);
}

/**
 * `store` with `cleanup` run once after its first `close()`, for a test that must remove what
 * it made for the store (a temp directory, a schema).
 */
export function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  let closing: Promise<void> | undefined;
  const close = () => closing ??= store.close().finally(cleanup);
  // Every other member is the store's own, bound to it (adapters keep #private state).
  return new Proxy(store, {
    get(target, key) {
      if (key === "close") return close;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
