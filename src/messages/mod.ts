/**
 * The message bases as a feature: drafting (word wrap, quoting, editor commands), who may post
 * and delete, bodies made safe to show, conferences found by name, and mbox import.
 *
 * @module
 */
export { Draft, type DraftCommand, parseDraftCommand, quoteBody } from "./draft.ts";
export { bodyLines, canDelete, canPost, findOrCreateConference, replySubject } from "./rules.ts";
export { parseMbox } from "./mbox.ts";
export type { MboxMessage, MboxOptions } from "./mbox.ts";
