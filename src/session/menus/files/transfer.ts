/**
 * Downloads and uploads: the protocol prompt (ZMODEM by default, YMODEM and XMODEM for older
 * clients), the transfer itself on the session's binary line, and what the caller is told
 * before and after. Files come from and go to the vault; counters and listings to the store.
 *
 * @module
 */

import { isCarrierError } from "../../../errors.ts";
import {
  type Download,
  openDownload,
  sanitizeUploadName,
  storeUpload,
  type Upload,
} from "../../../files/mod.ts";
import { log } from "../../../log/mod.ts";
import type { FileArea, FileEntry } from "../../../storage/mod.ts";
import { escapePipes } from "../../../terminal/mod.ts";
import {
  type FileTarget,
  loadNativeCrc32,
  safeFileName,
  type TransferReport,
  XmodemReceiver,
  XmodemSender,
  YmodemReceiver,
  YmodemSender,
  type ZmodemFileInfo,
  ZmodemReceiver,
  ZmodemSender,
} from "../../../transfer/mod.ts";
import { readKey, readLine } from "../../line_input.ts";
import { formatBytes } from "../format.ts";
import { type FileContext, mayUpload } from "./context.ts";

/** The protocols a caller can pick. */
export type Protocol = "zmodem" | "ymodem" | "xmodem";

const PROTOCOL_NAMES: Record<Protocol, string> = {
  zmodem: "ZMODEM",
  ymodem: "YMODEM",
  xmodem: "XMODEM-1K",
};

/** Asks for a protocol; Enter picks ZMODEM. `undefined` when the caller backs out. */
export async function askProtocol(context: FileContext): Promise<Protocol | undefined> {
  const { session } = context;
  session.print(
    "|11Protocol|07: |09[|15Z|09]|07MODEM (Enter), |09[|15Y|09]|07MODEM, |09[|15X|09]|07MODEM-1K, |09[|15Q|09]|07uit: ",
  );
  for (;;) {
    const pressed = await readKey(session);
    const choice = typeof pressed === "string" ? pressed.toUpperCase() : pressed.name;
    const protocol = choice === "Z" || choice === "enter"
      ? "zmodem"
      : choice === "Y"
      ? "ymodem"
      : choice === "X"
      ? "xmodem"
      : undefined;
    if (protocol) {
      session.echo(`${PROTOCOL_NAMES[protocol]}\r\n`);
      return protocol;
    }
    if (choice === "Q" || choice === "escape") {
      session.echo("\r\n");
      return undefined;
    }
  }
}

/**
 * Sends `files` to the caller, as one batch where the protocol has batches (XMODEM sends only
 * the first). Each file sent in full counts as a download.
 *
 * @returns lines saying how it went
 */
export async function download(context: FileContext, files: readonly FileEntry[]): Promise<string> {
  const { session, board, user } = context;
  const protocol = await askProtocol(context);
  if (!protocol) return "";
  const wanted = protocol === "xmodem" ? files.slice(0, 1) : files;
  const sources: Download[] = [];
  try {
    for (const file of wanted) sources.push(await openDownload(board.vault, file));
  } catch (error) {
    for (const source of sources) source.close();
    log.error?.("Cannot open a file for download", {
      files: wanted.map((f) => f.name).join(", "),
      error,
    });
    return "That file cannot be sent right now; the sysop has been told.";
  }
  const total = wanted.reduce((sum, file) => sum + file.size, 0);
  const names = wanted.map((file) => file.name).join(", ");
  session.activity = `Downloading ${names}`.slice(0, 40);
  session.print(
    `|15Sending ${escapePipes(names)}|07 (${formatBytes(total)}) by ${
      PROTOCOL_NAMES[protocol]
    }.\r\n` +
      `Start your download now; |15Ctrl-X|07 five times cancels.\r\n`,
  );
  await loadNativeCrc32();
  const started = performance.now();
  let report: TransferReport;
  try {
    report = await session.transfer((sink) =>
      protocol === "zmodem"
        ? new ZmodemSender({ sink, files: sources, escapeIac: true })
        : protocol === "ymodem"
        ? new YmodemSender({ sink, files: sources })
        : new XmodemSender({ sink, file: sources[0]!, mode: "1k" })
    );
  } finally {
    for (const source of sources) source.close();
  }
  const lines: string[] = [];
  for (const [i, file] of wanted.entries()) {
    const outcome = report.files[i];
    if (outcome?.status !== "done") continue;
    await board.store.recordDownload(file.id, user.id);
    lines.push(summary("Sent", file.name, outcome.to - outcome.from, started));
  }
  if (!report.ok) {
    lines.push(`Download stopped: ${report.error?.message ?? "the transfer failed"}.`);
  }
  return lines.length > 0 ? lines.join("\r\n") : "Nothing was sent.";
}

/** Receives files from the caller into `area`. @returns lines saying how it went */
export async function upload(context: FileContext, area: FileArea): Promise<string> {
  const { session } = context;
  if (!mayUpload(context, area)) return "You may download from this area but not upload to it.";
  const protocol = await askProtocol(context);
  if (!protocol) return "";
  let xmodemName: string | undefined;
  if (protocol === "xmodem") {
    session.print("|11File name|07: ");
    xmodemName = (await readLine(session, { maxLength: 64 })).trim();
    if (xmodemName === "") return "No name: nothing received.";
  }
  session.activity = `Uploading to ${area.name}`;
  session.print(
    `|15Ready to receive|07 by ${PROTOCOL_NAMES[protocol]} into ${escapePipes(area.name)}` +
      `${area.maxFileBytes > 0 ? ` (at most ${formatBytes(area.maxFileBytes)} a file)` : ""}.\r\n` +
      `Start your upload now; |15Ctrl-X|07 five times cancels.\r\n`,
  );
  const received: Upload[] = [];
  const notes: string[] = [];
  const target = uploadTarget(context, area, received, notes);
  await loadNativeCrc32();
  const started = performance.now();
  const report = await session.transfer((sink) =>
    protocol === "zmodem"
      ? new ZmodemReceiver({ sink, target })
      : protocol === "ymodem"
      ? new YmodemReceiver({ sink, target })
      : new XmodemReceiver({ sink, target, name: xmodemName!, mode: "1k" })
  );
  if (!report.ok) notes.push(`Upload stopped: ${report.error?.message ?? "the transfer failed"}.`);
  for (const done of received) {
    notes.push(await publish(context, area, done, started));
  }
  if (received.length === 0 && notes.length === 0) notes.push("No files were received.");
  return notes.join("\r\n");
}

/** The vault behind a receiving codec: one `Upload` per offered file, refusals noted. */
function uploadTarget(
  context: FileContext,
  area: FileArea,
  received: Upload[],
  notes: string[],
): FileTarget {
  const { board, user } = context;
  let current: Upload | undefined;
  return {
    async open(info: ZmodemFileInfo) {
      const name = safeFileName(info.name);
      // Checked under the name the vault will list it by, before a byte of it arrives.
      const listed = sanitizeUploadName(name);
      if (listed !== undefined && await board.store.fileByName(area.id, listed)) {
        notes.push(`${listed} is already in ${area.name}: skipped.`);
        return "skip";
      }
      try {
        current = await board.vault.beginUpload({
          userId: user.id,
          name,
          ...(info.size === undefined ? {} : { size: info.size }),
          maxBytes: area.maxFileBytes,
        });
        return { resumeAt: current.resumeAt };
      } catch (error) {
        if (!isCarrierError(error, "UPLOAD_REFUSED")) throw error;
        notes.push(`${error.message}.`);
        return "skip";
      }
    },
    write: (bytes, offset) => current!.write(bytes, offset),
    async finish(ok) {
      const upload = current;
      current = undefined;
      if (!upload) return;
      if (ok) received.push(upload);
      else await upload.abort();
    },
  };
}

/** Asks for a description and lists a received file (or says it is already here). */
async function publish(
  context: FileContext,
  area: FileArea,
  upload: Upload,
  started: number,
): Promise<string> {
  const { session, board, user } = context;
  session.print(`|11Describe |15${escapePipes(upload.name)}|07: `);
  const description = (await readLine(session, { maxLength: 120 })).trim();
  try {
    const stored = await storeUpload(board.store, upload, {
      area,
      uploader: { id: user.id, handle: user.handle },
      description,
    });
    if (stored.duplicateOf) {
      return `${upload.name} is already here as ${stored.duplicateOf.name} in ${stored.duplicateOf.areaName}.`;
    }
    return summary("Received", stored.file.name, stored.file.size - upload.resumeAt, started);
  } catch (error) {
    if (!isCarrierError(error)) throw error;
    await upload.abort();
    return `${upload.name} was not kept: ${error.message}.`;
  }
}

function summary(verb: string, name: string, bytes: number, started: number): string {
  const seconds = Math.max(0.001, (performance.now() - started) / 1000);
  return `${verb} ${name}: ${formatBytes(bytes)} in ${seconds.toFixed(1)} s (${
    formatBytes(bytes / seconds)
  }/s).`;
}
