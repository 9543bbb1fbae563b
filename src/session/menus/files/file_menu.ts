/**
 * The file menu: the current area and the keys to the area list (A), the listing (L),
 * download by name (D), upload (U), search (S) and back (Q).
 *
 * @module
 */

import type { FileArea } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import type { Board } from "../../board.ts";
import { readKey, readLine } from "../../line_input.ts";
import { Pager } from "../../pager.ts";
import type { Session } from "../../session.ts";
import { pickFromAreas } from "../area_picker.ts";
import { fit, formatBytes } from "../format.ts";
import { type FileContext, fileContext, mayUpload } from "./context.ts";
import { fileLine, listFiles } from "./file_list.ts";
import { download, upload } from "./transfer.ts";

/** Runs the file menu until the caller goes back to the main menu. */
export async function runFileMenu(session: Session, board: Board): Promise<void> {
  const context = fileContext(session, board);
  context.area = (await board.store.listFileAreas({ level: context.level }))[0];
  let status = "";
  for (;;) {
    session.activity = "File areas";
    showMenu(context, status);
    status = "";
    const pressed = await readKey(session);
    const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
    if (choice === "Q" || choice === "escape") return;
    if (typeof pressed === "string") session.echo(choice + "\r\n");
    const area = context.area;
    if (choice === "A") {
      context.area = await pickArea(context) ?? context.area;
    } else if (choice === "S") {
      status = await search(context);
    } else if (choice === "L" || choice === "D" || choice === "U") {
      if (!area) status = "Choose an area first (A).";
      else if (choice === "L") {
        const chosen = await listFiles(context, area);
        if (chosen) status = await download(context, [chosen]);
      } else if (choice === "D") status = await downloadByName(context, area);
      else status = await upload(context, area);
      if (area) context.area = await board.store.fileAreaById(area.id) ?? area;
    } else {
      status = "Press one of the keys in brackets.";
    }
  }
}

function showMenu(context: FileContext, status: string): void {
  const { session } = context;
  const area = context.area;
  const where = area
    ? `|15${escapePipes(area.name)} |08(${area.fileCount} files, ${formatBytes(area.totalBytes)}` +
      `${mayUpload(context, area) ? "" : ", download only"})`
    : "|08no area chosen";
  session.print(
    `|CL|15File areas|07\r\n|08${"─".repeat(Math.min(session.width - 1, 60))}|07\r\n` +
      ` Area: ${where}|07\r\n\r\n` +
      ` |09[|15A|09]|07 Area list   |09[|15L|09]|07 List   |09[|15D|09]|07 Download   |09[|15U|09]|07 Upload\r\n` +
      ` |09[|15S|09]|07 Search      |09[|15Q|09]|07 Back\r\n` +
      (status ? `\r\n|14${escapePipes(status)}|07\r\n` : "") +
      `\r\n|15Command|07: `,
  );
}

async function pickArea(context: FileContext): Promise<FileArea | undefined> {
  const areas = await context.board.store.listFileAreas({ level: context.level });
  return await pickFromAreas(context, areas, {
    title: "File areas",
    columns: `${fit("Area", 40)} Files       Size`,
    none: "|12There are no file areas you can use yet.|07\r\n",
    row: (area) =>
      `|15${escapePipes(fit(area.name, 40))}|07 ${String(area.fileCount).padStart(5)} ${
        formatBytes(area.totalBytes).padStart(10)
      }`,
  });
}

/** Most files one download may ask for (a ZMODEM or YMODEM batch). */
const MAX_BATCH = 20;

/**
 * Asks for one name, or several separated by spaces or commas (a batch), and sends them. A
 * name with spaces in it is tried whole first.
 */
async function downloadByName(context: FileContext, area: FileArea): Promise<string> {
  const { session, board } = context;
  session.print("|11File name|07 (several: separate with spaces): ");
  const typed = (await readLine(session, { maxLength: 200 })).trim();
  if (typed === "") return "";
  const whole = await board.store.fileByName(area.id, typed);
  if (whole) return await download(context, [whole]);
  const names = typed.split(/[\s,]+/).filter((name) => name !== "").slice(0, MAX_BATCH);
  const files = [];
  for (const name of names) {
    const file = await board.store.fileByName(area.id, name);
    if (!file) return `There is no ${name} in ${area.name}.`;
    files.push(file);
  }
  return await download(context, files);
}

async function search(context: FileContext): Promise<string> {
  const { session, board } = context;
  session.print("|11Name pattern|07 (* and ? allowed, Enter for any): ");
  const pattern = (await readLine(session, { maxLength: 64 })).trim();
  session.print("|11Words in the description|07 (Enter for any): ");
  const text = (await readLine(session, { maxLength: 64 })).trim();
  if (pattern === "" && text === "") return "Give a name pattern or some words to look for.";
  session.activity = "Searching files";
  const query = {
    level: context.level,
    ...(pattern ? { pattern } : {}),
    ...(text ? { text } : {}),
  };
  const pager = new Pager(session);
  session.print(`\r\n|11   #  ${fit("Name", 20)}     Size Date        DLs Description|07\r\n`);
  let found = 0;
  let page: { beforeId?: number } | undefined = {};
  while (page) {
    const result = await board.store.searchFiles(query, page);
    for (const file of result.files) {
      found++;
      session.print(
        `${fileLine(found, file, session.width - 16)}|08       in ${
          escapePipes(file.areaName)
        }|07\r\n`,
      );
      if (!await pager.lines(2)) return `${found} found before you stopped.`;
    }
    page = result.next;
  }
  return found === 0 ? "Nothing matched." : `${found} file${found === 1 ? "" : "s"} found.`;
}
