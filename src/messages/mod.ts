/**
 * The message bases as a feature: drafting (word wrap, quoting, editor commands), who may read,
 * post and delete, bodies made safe to show, and mbox import.
 *
 * @module
 */
export * from "./draft.ts";
export {
  bodyLines,
  canDelete,
  canPost,
  canRead,
  findOrCreateConference,
  replySubject,
} from "./rules.ts";
export { DEFAULT_MAX_MESSAGE_BYTES, parseMbox, parseMessage } from "./mbox.ts";
export type { MboxMessage, MboxOptions } from "./mbox.ts";
