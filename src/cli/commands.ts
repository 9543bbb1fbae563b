// deno-lint-ignore-file no-console -- the admin commands talk to the operator on stdout
/**
 * The `carrier` subcommands: serve, migrate, and user add|list|passwd|delete.
 *
 * @module
 */

import { PasswordHasher } from "../auth/mod.ts";
import type { Config } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";
import { log, setLogLevel } from "../log/mod.ts";
import type { LogLevel } from "../log/mod.ts";
import { startDaemon } from "../server/mod.ts";
import { handleProblem } from "../session/mod.ts";
import { describeDatabaseUrl, SYSOP_LEVEL } from "../storage/mod.ts";
import { wholeNumberOption } from "./args.ts";
import { readNewPassword } from "./read_password.ts";
import { withStore } from "./store_access.ts";

/** Runs the BBS until SIGINT or SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const daemon = await startDaemon(config);
  const migrated = daemon.migrationsApplied.length > 0
    ? `, migrations applied: ${daemon.migrationsApplied.join(", ")}`
    : "";
  console.log(
    `Carrier listening on telnet://${daemon.hostname}:${daemon.port} with store ${
      describeDatabaseUrl(config.database)
    }${migrated}`,
  );
  log.info?.("Started", { ms: Math.round(performance.now()) });
  await new Promise<void>((resolve) => {
    const stop = (signal: Deno.Signal) => {
      log.info?.("Stopping", { signal });
      Deno.removeSignalListener("SIGINT", onInt);
      Deno.removeSignalListener("SIGTERM", onTerm);
      daemon.stop().then(resolve, (error) => {
        log.error?.("Shutdown failed", { error });
        resolve();
      });
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    Deno.addSignalListener("SIGINT", onInt);
    Deno.addSignalListener("SIGTERM", onTerm);
  });
}

/** Applies pending migrations and says which. */
export async function migrate(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    const applied = await store.migrate();
    if (applied.length === 0) console.log(`${store.location}: up to date, nothing to apply`);
    for (const name of applied) console.log(`${store.location}: applied ${name}`);
  }, { migrate: false });
}

/** `user add HANDLE [--sysop] [--level N]`, password from stdin. */
export async function userAdd(
  config: Config,
  handle: string,
  options: { sysop: boolean; level?: string },
): Promise<void> {
  const problem = handleProblem(handle);
  if (problem) throw new CarrierError("HANDLE_INVALID", `Cannot add "${handle}": ${problem}`);
  const level = options.level === undefined
    ? (options.sysop ? SYSOP_LEVEL : config.newUserLevel)
    : wholeNumberOption(options.level, "level", 255);
  await withStore(config, async (store) => {
    if (await store.userByHandle(handle)) {
      throw new CarrierError("HANDLE_TAKEN", `Cannot add "${handle}": the handle is taken`);
    }
    const passwordHash = await hashNewPassword(config);
    const user = await store.createUser({
      handle,
      passwordHash,
      securityLevel: level,
      isSysop: options.sysop,
    });
    console.log(
      `Added ${user.handle} (level ${user.securityLevel}${user.isSysop ? ", sysop" : ""})`,
    );
  });
}

/** `user list`: every account, a keyset page at a time. */
export async function userList(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    console.log(
      `${"Handle".padEnd(31)}${"Level".padStart(5)}  Sysop  ${"Calls".padStart(6)}  Last login`,
    );
    let afterId: number | undefined;
    let count = 0;
    for (;;) {
      const page = await store.listUsers({
        ...(afterId === undefined ? {} : { afterId }),
        limit: 500,
      });
      for (const user of page) {
        const last = user.lastLoginAt
          ? user.lastLoginAt.toISOString().slice(0, 16).replace("T", " ")
          : "never";
        console.log(
          `${user.handle.padEnd(31)}${String(user.securityLevel).padStart(5)}  ${
            user.isSysop ? "yes  " : "no   "
          }  ${String(user.calls).padStart(6)}  ${last}`,
        );
      }
      count += page.length;
      if (page.length < 500) break;
      afterId = page[page.length - 1]!.id;
    }
    console.log(`${count} user${count === 1 ? "" : "s"}`);
  });
}

/** `user passwd HANDLE`, new password from stdin. */
export async function userPasswd(config: Config, handle: string): Promise<void> {
  await withStore(config, async (store) => {
    const user = await store.userByHandle(handle);
    if (!user) {
      throw new CarrierError(
        "USER_NOT_FOUND",
        `Cannot change the password of "${handle}": no such user`,
      );
    }
    await store.setPasswordHash(user.id, await hashNewPassword(config));
    console.log(`Password of ${user.handle} changed`);
  });
}

/** `user delete HANDLE`. */
export async function userDelete(config: Config, handle: string): Promise<void> {
  await withStore(config, async (store) => {
    if (!await store.deleteUser(handle)) {
      throw new CarrierError("USER_NOT_FOUND", `Cannot delete "${handle}": no such user`);
    }
    console.log(`Deleted ${handle}`);
  });
}

/** Applies the configured log level. */
export function configureLogging(config: Config): void {
  setLogLevel(config.logLevel as LogLevel);
}

async function hashNewPassword(config: Config): Promise<string> {
  const password = await readNewPassword();
  if ([...password].length < config.password.minLength) {
    throw new CarrierError(
      "PASSWORD_INVALID",
      `The password needs at least ${config.password.minLength} characters`,
    );
  }
  const { memoryKib: memoryKiB, iterations, parallelism } = config.password;
  const hasher = new PasswordHasher({ params: { memoryKiB, iterations, parallelism }, workers: 1 });
  try {
    return await hasher.hash(password);
  } finally {
    await hasher.close();
  }
}
