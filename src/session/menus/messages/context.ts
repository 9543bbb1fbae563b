/**
 * What every message-base screen works with: the caller, their effective level, the current
 * area, and the shared styles of the message screens.
 *
 * @module
 */

import type { MessageArea, User } from "../../../storage/mod.ts";
import { SYSOP_LEVEL } from "../../../storage/mod.ts";
import {
  BLUE,
  BRIGHT,
  CYAN,
  sanitizeCallerText,
  type Style,
  WHITE,
  YELLOW,
} from "../../../terminal/mod.ts";
import type { Board } from "../../board.ts";
import type { Session } from "../../session.ts";

/** A caller in the message bases. */
export interface MessageContext {
  readonly session: Session;
  readonly board: Board;
  readonly user: User;
  /** The level areas are checked against: the caller's, or every area for the sysop. */
  readonly level: number;
  /** The area the caller is in, if any is readable. */
  area: MessageArea | undefined;
}

/** The context for the logged-in caller on `session`. */
export function messageContext(session: Session, board: Board): MessageContext {
  const user = session.caller!;
  return {
    session,
    board,
    user,
    level: user.isSysop ? SYSOP_LEVEL : user.securityLevel,
    area: undefined,
  };
}

/** Styles the message screens share. */
export const STYLES = {
  title: { fg: WHITE + BRIGHT, bg: BLUE, flags: 0 },
  label: { fg: CYAN, bg: 0, flags: 0 },
  value: { fg: WHITE + BRIGHT, bg: 0, flags: 0 },
  text: { fg: WHITE, bg: 0, flags: 0 },
  dim: { fg: 8, bg: 0, flags: 0 },
  key: { fg: YELLOW + BRIGHT, bg: 0, flags: 0 },
  bar: { fg: WHITE + BRIGHT, bg: CYAN, flags: 0 },
  quote: { fg: CYAN + BRIGHT, bg: 0, flags: 0 },
} as const satisfies Record<string, Style>;

/**
 * Caller-written text (a subject, a handle) made safe to put in a screen cell by cell: no
 * controls, no wide characters. Pipes stay as they are, since cells show them literally.
 */
export function cellText(text: string): string {
  return sanitizeCallerText(text, { allowPipeCodes: true });
}
