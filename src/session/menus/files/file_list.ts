/**
 * Listing files: an area's files by name or newest first, 25 a page, and one file's details.
 *
 * @module
 */

import type { FileArea, FileEntry, FoundFile } from "../../../storage/mod.ts";
import { escapePipes, sanitizeCallerText } from "../../../terminal/mod.ts";
import { readLine } from "../../line_input.ts";
import { fit, formatBytes, formatDateTime } from "../format.ts";
import type { FileContext } from "./context.ts";

/** Files per page, as the store pages them by default. */
export const FILES_PER_PAGE = 25;

/** One line of a file listing: number, name, size, date, downloads and description. */
export function fileLine(index: number, file: FileEntry | FoundFile, width: number): string {
  const description = sanitizeCallerText(file.description);
  const room = Math.max(10, width - 5 - 21 - 9 - 11 - 6 - 2);
  return `|07${String(index).padStart(4)} |15${escapePipes(fit(file.name, 20))} |07${
    formatBytes(file.size).padStart(8)
  } |08${formatDateTime(file.uploadedAt).slice(0, 10)} |07${
    String(file.downloads).padStart(5)
  } |03${fit(description, room)}|07\r\n`;
}

/**
 * Lists `area` a page at a time and lets the caller open a file's details by number.
 *
 * @returns the file chosen for download from the details, if any
 */
export async function listFiles(
  context: FileContext,
  area: FileArea,
): Promise<FileEntry | undefined> {
  const { session, board } = context;
  session.activity = `Files in ${area.name}`;
  let order: "name" | "newest" = "name";
  let pages: (FileEntry | undefined)[] = [undefined];
  for (;;) {
    const after = pages.at(-1);
    const files = await board.store.listFiles(area.id, {
      order,
      ...(after ? { after } : {}),
      limit: FILES_PER_PAGE,
    });
    session.print(
      `|CL|15${escapePipes(area.name)} |08(${area.fileCount} files, ${
        formatBytes(area.totalBytes)
      }, ` +
        `${order === "name" ? "by name" : "newest first"})\r\n` +
        `|11   #  ${fit("Name", 20)}     Size Date        DLs Description|07\r\n`,
    );
    files.forEach((file, i) => session.print(fileLine(i + 1, file, session.width)));
    if (files.length === 0) session.print("|08  No files here yet.|07\r\n");
    session.print(
      `\r\n|07Number for details, |15N|07)ext, |15P|07)revious, |15O|07)rder, |15Q|07)uit: `,
    );
    const typed = (await readLine(session, { maxLength: 4 })).trim().toUpperCase();
    if (typed === "Q" || typed === "") return undefined;
    if (typed === "N" && files.length === FILES_PER_PAGE) pages.push(files.at(-1));
    else if (typed === "P" && pages.length > 1) pages.pop();
    else if (typed === "O") {
      order = order === "name" ? "newest" : "name";
      pages = [undefined];
    } else {
      const file = files[Number(typed) - 1];
      if (file && await showDetails(context, file, area)) return file;
    }
  }
}

/**
 * Shows everything about one file.
 *
 * @returns true when the caller asked to download it
 */
export async function showDetails(
  context: FileContext,
  file: FileEntry,
  area: FileArea,
): Promise<boolean> {
  const { session } = context;
  session.print(
    `\r\n|15${escapePipes(file.name)}|07\r\n` +
      ` Area        |15${escapePipes(area.name)}|07\r\n` +
      ` Size        |15${file.size.toLocaleString("en")} bytes |08(${
        formatBytes(file.size)
      })|07\r\n` +
      ` Uploaded    |15${formatDateTime(file.uploadedAt)}|07 by |15${
        escapePipes(file.uploaderHandle)
      }|07\r\n` +
      ` Downloads   |15${file.downloads}|07\r\n` +
      ` BLAKE3      |08${file.hash}|07\r\n` +
      ` Description |03${escapePipes(sanitizeCallerText(file.description))}|07\r\n\r\n` +
      `|15D|07)ownload it, any other key to go back: `,
  );
  const typed = (await readLine(session, { maxLength: 1 })).trim().toUpperCase();
  return typed === "D";
}
