/**
 * What every file-area screen works with (the caller, their level and the current area), and
 * who may upload.
 *
 * @module
 */

import type { FileArea } from "../../../storage/mod.ts";
import type { Board } from "../../board.ts";
import type { Session } from "../../session.ts";
import { type AreaContext, areaContext } from "../area_context.ts";

/** A caller in the file areas. */
export type FileContext = AreaContext<FileArea>;

/** The context for the logged-in caller on `session`. */
export function fileContext(session: Session, board: Board): FileContext {
  return areaContext<FileArea>(session, board);
}

/** Whether the caller may upload to `area`. */
export function mayUpload(context: FileContext, area: FileArea): boolean {
  return context.user.isSysop || context.user.securityLevel >= area.uploadLevel;
}
