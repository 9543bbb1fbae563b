/**
 * The sysop's area management on-line: add, edit and delete message areas (conferences are
 * made as areas name them).
 *
 * @module
 */

import { isCarrierError } from "../../../errors.ts";
import { findOrCreateConference } from "../../../messages/mod.ts";
import type { MessageArea } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import { readKey, readLine } from "../../line_input.ts";
import { confirm } from "../prompts.ts";
import { pickArea } from "./area_picker.ts";
import type { MessageContext } from "./context.ts";

/** Runs the sysop's area menu. @returns a line saying what happened */
export async function manageAreas(context: MessageContext): Promise<string> {
  const { session } = context;
  if (!context.user.isSysop) return "Only the sysop manages areas.";
  session.activity = "Managing areas";
  session.print(
    "|CL|15Manage message areas|07\r\n\r\n |15A|07)dd an area   |15E|07)dit an area   |15D|07)elete an area   |15Q|07)uit\r\n\r\n|15Choice|07: ",
  );
  const pressed = await readKey(session);
  const choice = typeof pressed === "string" ? pressed.toUpperCase() : "";
  session.echo(choice + "\r\n");
  try {
    if (choice === "A") return await addArea(context);
    if (choice === "E") {
      const area = await pickArea(context);
      return area ? await editArea(context, area) : "Nothing changed.";
    }
    if (choice === "D") {
      const area = await pickArea(context);
      return area ? await deleteArea(context, area) : "Nothing deleted.";
    }
    return "";
  } catch (error) {
    if (isCarrierError(error, "STORE_CONFLICT") || isCarrierError(error, "CONFIG_INVALID")) {
      return error.message;
    }
    throw error;
  }
}

async function ask(
  context: MessageContext,
  label: string,
  current = "",
  maxLength = 40,
): Promise<string> {
  context.session.print(`|11${label}|07${current ? ` [${escapePipes(current)}]` : ""}: `);
  const typed = (await readLine(context.session, { maxLength })).trim();
  return typed === "" ? current : typed;
}

async function askLevel(context: MessageContext, label: string, current: number): Promise<number> {
  const typed = await ask(context, label, String(current), 3);
  const level = Number(typed);
  return Number.isInteger(level) && level >= 0 && level <= 255 ? level : current;
}

async function addArea(context: MessageContext): Promise<string> {
  const { board } = context;
  const conferenceName = await ask(context, "Conference", "Local");
  const tag = (await ask(context, "Tag (short name, a-z 0-9 - _)", "", 20)).toLowerCase();
  const name = await ask(context, "Name", tag);
  if (tag === "") return "No tag: nothing added.";
  const readLevel = await askLevel(context, "Read level", 0);
  const postLevel = await askLevel(context, "Post level", readLevel);
  const allowPipeCodes = await confirm(context.session, "Allow pipe colour codes in messages?");
  const conference = await findOrCreateConference(board.store, conferenceName);
  const area = await board.store.createArea({
    conferenceId: conference.id,
    tag,
    name,
    readLevel,
    postLevel,
    allowPipeCodes,
  });
  return `Area ${area.name} (${area.tag}) added.`;
}

async function editArea(context: MessageContext, area: MessageArea): Promise<string> {
  const name = await ask(context, "Name", area.name);
  const description = await ask(context, "Description", area.description, 60);
  const readLevel = await askLevel(context, "Read level", area.readLevel);
  const postLevel = await askLevel(context, "Post level", area.postLevel);
  const allowPipeCodes = await confirm(
    context.session,
    "Allow pipe colour codes in messages?",
    area.allowPipeCodes,
  );
  const updated = await context.board.store.updateArea(area.id, {
    name,
    description,
    readLevel,
    postLevel,
    allowPipeCodes,
  });
  if (updated && context.area?.id === updated.id) context.area = updated;
  return updated ? `Area ${updated.name} saved.` : "That area is gone.";
}

async function deleteArea(context: MessageContext, area: MessageArea): Promise<string> {
  const { session, board } = context;
  const warning = area.messageCount > 0 ? ` and its ${area.messageCount} messages` : "";
  if (!await confirm(session, `Delete ${escapePipes(area.name)}${warning}?`)) {
    return "Nothing deleted.";
  }
  await board.store.deleteArea(area.id, { force: true });
  if (context.area?.id === area.id) context.area = undefined;
  return `Area ${area.name} deleted.`;
}
