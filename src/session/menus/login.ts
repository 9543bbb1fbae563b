/**
 * The front door: the handle prompt (`NEW` applies), password, three tries per call.
 *
 * @module
 */

import { log } from "../../log/mod.ts";
import type { User } from "../../storage/mod.ts";
import { attemptLogin, HANDLE_MAX, PASSWORD_MAX } from "../accounts.ts";
import type { Board } from "../board.ts";
import { readLine } from "../line_input.ts";
import type { Session } from "../session.ts";
import { applyAsNewUser } from "./apply.ts";

/**
 * Asks for a handle and password until the caller logs in, applies, or runs out of tries.
 *
 * @returns the logged-in account, or `undefined` when the caller should be disconnected
 */
export async function logIn(session: Session, board: Board): Promise<User | undefined> {
  const maxTries = board.config.login.maxTries;
  let failures = 0;
  while (failures < maxTries) {
    session.print("\r\n|11Enter your handle|07, or |15NEW|07 to apply: |15");
    const handle = (await readLine(session, { maxLength: HANDLE_MAX })).trim();
    session.print("|07");
    if (handle === "") continue;
    if (handle.toUpperCase() === "NEW") {
      const user = await applyAsNewUser(session, board);
      if (user) return completeLogin(session, board, user);
      continue;
    }
    session.print("|11Password|07: ");
    const password = await readLine(session, { maxLength: PASSWORD_MAX, mask: "*" });
    session.print("|08Checking...|07");
    const result = await attemptLogin(board, {
      address: session.remoteAddress,
      handle,
      password,
      node: session.node,
    });
    session.echo("\r" + " ".repeat(11) + "\r");
    if (result.kind === "ok") return completeLogin(session, board, result.user, result.verifyMs);
    if (result.kind === "locked") {
      const minutes = Math.max(1, Math.ceil((result.until - Date.now()) / 60_000));
      session.print(
        `|12Too many failed logins. Logins for this handle or address are locked for ${minutes} minute${
          minutes === 1 ? "" : "s"
        }.|07\r\n`,
      );
      return undefined;
    }
    failures++;
    session.print("|12Wrong handle or password.|07\r\n");
  }
  session.print(`|12${maxTries} failed logins.|07\r\n`);
  return undefined;
}

/**
 * Counts the call, puts the account on the session and logs it (with how long the password
 * check took, when there was one, so a sysop sees if hashing slows down).
 */
export async function completeLogin(
  session: Session,
  board: Board,
  user: User,
  verifyMs?: number,
): Promise<User> {
  const previousLogin = user.lastLoginAt;
  const updated = await board.store.recordLogin(user.id, new Date());
  session.caller = { ...updated, lastLoginAt: previousLogin };
  session.loggedInAt = Date.now();
  session.activity = "Main menu";
  log.info?.("Login", {
    handle: updated.handle,
    node: session.node,
    address: session.remoteAddress,
    calls: updated.calls,
    ...(verifyMs === undefined ? {} : { verifyMs: Math.round(verifyMs * 10) / 10 }),
  });
  return session.caller;
}
