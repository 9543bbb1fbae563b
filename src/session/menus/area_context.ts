/**
 * A logged-in caller working in the message bases or the file areas: the session, the board,
 * the account, the level areas are checked against, and the area they are in.
 *
 * @module
 */

import { SYSOP_LEVEL, type User } from "../../storage/mod.ts";
import type { Board } from "../board.ts";
import type { Session } from "../session.ts";

/** A caller in some kind of area (`A` is a message area or a file area). */
export interface AreaContext<A> {
  readonly session: Session;
  readonly board: Board;
  readonly user: User;
  /** The level areas are checked against: see `accessLevel`. */
  readonly level: number;
  /** The area the caller is in, if any is open to them. */
  area: A | undefined;
}

/** The level a caller's areas are checked against: their own, or every area for the sysop. */
export function accessLevel(user: User): number {
  return user.isSysop ? SYSOP_LEVEL : user.securityLevel;
}

/** The context for the logged-in caller on `session`, in no area yet. */
export function areaContext<A>(session: Session, board: Board): AreaContext<A> {
  const user = session.caller!;
  return { session, board, user, level: accessLevel(user), area: undefined };
}
