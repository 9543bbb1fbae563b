/**
 * What every message-base screen works with: the caller, their effective level, the current
 * area, and the shared styles of the message screens.
 *
 * @module
 */

import type { MessageArea } from "../../../storage/mod.ts";
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
import { type AreaContext, areaContext } from "../area_context.ts";

/** A caller in the message bases. */
export type MessageContext = AreaContext<MessageArea>;

/** The context for the logged-in caller on `session`. */
export function messageContext(session: Session, board: Board): MessageContext {
  return areaContext<MessageArea>(session, board);
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
