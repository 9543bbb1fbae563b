/**
 * What every file-area screen works with: the caller, their level and the current area.
 *
 * @module
 */

import type { FileArea, User } from "../../../storage/mod.ts";
import { SYSOP_LEVEL } from "../../../storage/mod.ts";
import type { Board } from "../../board.ts";
import type { Session } from "../../session.ts";

/** A caller in the file areas. */
export interface FileContext {
  readonly session: Session;
  readonly board: Board;
  readonly user: User;
  /** The level areas are checked against: the caller's, or every area for the sysop. */
  readonly level: number;
  /** The area the caller is in, if any is open to them. */
  area: FileArea | undefined;
}

/** The context for the logged-in caller on `session`. */
export function fileContext(session: Session, board: Board): FileContext {
  const user = session.caller!;
  return {
    session,
    board,
    user,
    level: user.isSysop ? SYSOP_LEVEL : user.securityLevel,
    area: undefined,
  };
}

/** Whether the caller may upload to `area`. */
export function mayUpload(context: FileContext, area: FileArea): boolean {
  return context.user.isSysop || context.user.securityLevel >= area.uploadLevel;
}
