/**
 * The new-user application: handle, password twice, optional real name and location.
 *
 * @module
 */

import { isCarrierError } from "../../errors.ts";
import type { User } from "../../storage/mod.ts";
import { escapePipes } from "../../terminal/mod.ts";
import { createAccount, HANDLE_MAX, HANDLE_MIN, handleProblem, PASSWORD_MAX } from "../accounts.ts";
import { loadThemeScreen } from "../../theme/mod.ts";
import { prepareArt, showArt } from "../art.ts";
import type { Board } from "../board.ts";
import { mciValues } from "../screen_values.ts";
import { readLine } from "../line_input.ts";
import type { Session } from "../session.ts";

/** Longest real name or location. */
const DETAIL_MAX = 40;

/**
 * Walks a caller through applying. An empty handle cancels.
 *
 * @returns the new account, or `undefined` when the caller cancelled
 */
export async function applyAsNewUser(session: Session, board: Board): Promise<User | undefined> {
  session.activity = "Applying";
  session.print("|CL");
  const art = prepareArt(
    await loadThemeScreen("newuser", board.config.data),
    mciValues(session, board),
  );
  await showArt(session, art, { baud: board.config.artBaud });
  session.print(`|08A handle has ${HANDLE_MIN} to ${HANDLE_MAX} characters.|07\r\n`);
  for (;;) {
    const handle = await askHandle(session, board);
    if (handle === undefined) {
      session.activity = "Logging in";
      return undefined;
    }
    const password = await askNewPassword(session, board.config.password.minLength);
    session.print("|11Real name |08(optional)|07: ");
    const realName = (await readLine(session, { maxLength: DETAIL_MAX })).trim();
    session.print("|11Location |08(optional)|07: ");
    const location = (await readLine(session, { maxLength: DETAIL_MAX })).trim();
    session.print("|08Creating your account...|07\r\n");
    try {
      const user = await createAccount(board, { handle, password, realName, location });
      session.print(`|10Welcome aboard, |15${escapePipes(user.handle)}|10!|07\r\n`);
      if (user.isSysop) {
        session.print("|14You are the first caller: this account is the sysop.|07\r\n");
      }
      return user;
    } catch (error) {
      if (!isCarrierError(error, "HANDLE_TAKEN")) throw error;
      session.print("|12Someone took that handle a moment ago. Pick another.|07\r\n");
    }
  }
}

async function askHandle(session: Session, board: Board): Promise<string | undefined> {
  for (;;) {
    session.print("\r\n|11Handle|07: |15");
    const handle = (await readLine(session, { maxLength: HANDLE_MAX })).trim();
    session.print("|07");
    if (handle === "") return undefined;
    const problem = handleProblem(handle);
    if (problem) {
      session.print(`|12${escapePipes(problem)}|07\r\n`);
    } else if (await board.store.userByHandle(handle)) {
      session.print("|12That handle is taken. Pick another.|07\r\n");
    } else {
      return handle;
    }
  }
}

async function askNewPassword(session: Session, minLength: number): Promise<string> {
  for (;;) {
    session.print(`|11Password |08(at least ${minLength} characters)|07: `);
    const password = await readLine(session, { maxLength: PASSWORD_MAX, mask: "*" });
    if ([...password].length < minLength) {
      session.print(`|12Too short: use at least ${minLength} characters.|07\r\n`);
      continue;
    }
    session.print("|11Once more|07: ");
    if (await readLine(session, { maxLength: PASSWORD_MAX, mask: "*" }) === password) {
      return password;
    }
    session.print("|12The two passwords differ. Try again.|07\r\n");
  }
}
