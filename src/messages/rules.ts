/**
 * Who may do what in the message bases, how bodies are made ready to show, and how an area's
 * conference is found by name.
 *
 * @module
 */

import type { Conference, MessageArea, MessageHeader, Store, User } from "../storage/mod.ts";
import { sanitizeCallerText } from "../terminal/mod.ts";
import { wrapParagraph } from "./draft.ts";

/** The conference called `name` in any letter case, created when there is none yet. */
export async function findOrCreateConference(store: Store, name: string): Promise<Conference> {
  const conferences = await store.listConferences();
  return conferences.find((c) => c.name.toLowerCase() === name.toLowerCase()) ??
    await store.createConference({ name });
}

/** Whether `user` may see and read `area` (the sysop sees every area). */
export function canRead(area: MessageArea, user: User): boolean {
  return user.isSysop || user.securityLevel >= area.readLevel;
}

/** Whether `user` may post in `area`. */
export function canPost(area: MessageArea, user: User): boolean {
  return canRead(area, user) && (user.isSysop || user.securityLevel >= area.postLevel);
}

/** Whether `user` may delete `message`: their own, or any for the sysop. */
export function canDelete(message: MessageHeader, user: User): boolean {
  return user.isSysop || (message.fromUserId !== null && message.fromUserId === user.id);
}

/** The subject of a reply: "Re: " once, however deep the thread. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(\s*re(\[\d+\])?:\s*)+/i, "");
  return `Re: ${bare}`.slice(0, 72);
}

/**
 * A body as lines ready to show on a `width`-column terminal: controls and escape sequences
 * removed, pipe colour codes kept only where the area allows them (otherwise shown as typed),
 * long lines word-wrapped.
 */
export function bodyLines(
  body: string,
  options: { width: number; allowPipeCodes: boolean },
): string[] {
  const clean = sanitizeCallerText(body.replace(/\r\n?/g, "\n"), {
    allowPipeCodes: options.allowPipeCodes,
    keepLineBreaks: true,
  });
  const lines: string[] = [];
  for (const line of clean.split("\r\n")) {
    // Pipe codes take no room on screen but do in the string; wrapping by string length keeps
    // coloured lines a little short rather than ever too long.
    if (line.length === 0) lines.push("");
    else lines.push(...wrapParagraph(line, options.width));
  }
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return lines;
}
