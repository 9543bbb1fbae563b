// deno-lint-ignore-file no-console -- the admin commands talk to the operator on stdout
/**
 * The sysop's message-base commands: `carrier area add|list|edit|delete`,
 * `carrier messages import AREA FILE` and the explicit admin look at private mail,
 * `carrier mail list HANDLE` and `carrier mail show ID`.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";
import { findOrCreateConference, type MboxMessage, parseMbox } from "../messages/mod.ts";
import type { AreaChanges, ImportedMessage, Store } from "../storage/mod.ts";
import { sanitizeCallerText } from "../terminal/mod.ts";
import { wholeNumberOption } from "./args.ts";
import { withStore } from "./store_access.ts";

/** Options the area commands read from the command line. */
export interface AreaOptions {
  name?: string;
  conference?: string;
  description?: string;
  read?: string;
  post?: string;
  pipes?: boolean;
  force?: boolean;
}

/** `area add TAG …`: creates an area, and its conference when it does not exist yet. */
export async function areaAdd(config: Config, tag: string, options: AreaOptions): Promise<void> {
  await withStore(config, async (store) => {
    const conference = await findOrCreateConference(store, options.conference ?? "Local");
    const area = await store.createArea({
      conferenceId: conference.id,
      tag,
      name: options.name ?? tag,
      ...(options.description === undefined ? {} : { description: options.description }),
      ...levels(options, true),
      ...(options.pipes === undefined ? {} : { allowPipeCodes: options.pipes }),
    });
    console.log(
      `Added area ${area.tag} "${area.name}" in ${conference.name} (read ${area.readLevel}, post ${area.postLevel}${
        area.allowPipeCodes ? ", pipe codes" : ""
      })`,
    );
  });
}

/** `area list`: every area with its levels and counts. */
export async function areaList(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    const areas = await store.listAreas({ level: 255 });
    console.log(
      `${"Tag".padEnd(20)} ${"Name".padEnd(30)} ${"Conference".padEnd(20)} Read Post ${
        "Messages".padStart(9)
      }`,
    );
    for (const area of areas) {
      console.log(
        `${area.tag.padEnd(20)} ${area.name.padEnd(30)} ${area.conferenceName.padEnd(20)} ${
          String(area.readLevel).padStart(4)
        } ${String(area.postLevel).padStart(4)} ${String(area.messageCount).padStart(9)}`,
      );
    }
    console.log(`${areas.length} area${areas.length === 1 ? "" : "s"}`);
  });
}

/** `area edit TAG …`: changes the given fields. */
export async function areaEdit(config: Config, tag: string, options: AreaOptions): Promise<void> {
  await withStore(config, async (store) => {
    const area = await requireArea(store, tag);
    const changes: AreaChanges = {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...levels(options),
      ...(options.pipes === undefined ? {} : { allowPipeCodes: options.pipes }),
    };
    if (options.conference !== undefined) {
      changes.conferenceId = (await findOrCreateConference(store, options.conference)).id;
    }
    const updated = await store.updateArea(area.id, changes);
    console.log(`Saved area ${updated?.tag ?? tag}`);
  });
}

/** `area delete TAG [--force]`: refuses an area with messages unless forced. */
export async function areaDelete(config: Config, tag: string, options: AreaOptions): Promise<void> {
  await withStore(config, async (store) => {
    const area = await requireArea(store, tag);
    await store.deleteArea(area.id, { force: options.force === true });
    console.log(
      `Deleted area ${area.tag}${
        area.messageCount > 0 ? ` and its ${area.messageCount} messages` : ""
      }`,
    );
  });
}

/** Messages read from an mbox and stored per transaction. */
const IMPORT_BATCH = 5000;

/**
 * `messages import AREA FILE`: reads an mbox and stores its messages in the area, keeping
 * dates and linking replies within each batch of 5,000 messages.
 */
export async function messagesImport(config: Config, tag: string, path: string): Promise<void> {
  await withStore(config, async (store) => {
    const area = await requireArea(store, tag);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path);
    } catch (error) {
      throw new CarrierError(
        "CONFIG_INVALID",
        `Cannot read mbox file "${path}": ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    let batch: MboxMessage[] = [];
    let total = 0;
    let truncated = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const result = await store.importMessages(area.id, toImported(batch));
      total += result.count;
      batch = [];
    };
    for await (const message of parseMbox(file.readable)) {
      if (message.truncated) truncated++;
      batch.push(message);
      if (batch.length === IMPORT_BATCH) await flush();
    }
    await flush();
    console.log(
      `Imported ${total} message${total === 1 ? "" : "s"} into ${area.tag}` +
        (truncated > 0 ? ` (${truncated} cut at the size limit)` : ""),
    );
  });
}

/** `mail list HANDLE`: the sysop's explicit look at a caller's private mail headers. */
export async function mailList(config: Config, handle: string): Promise<void> {
  await withStore(config, async (store) => {
    const user = await store.userByHandle(handle);
    if (!user) {
      throw new CarrierError("USER_NOT_FOUND", `Cannot list mail of "${handle}": no such user`);
    }
    for (const folder of ["inbox", "sent"] as const) {
      const mail = await store.listMail(user.id, { folder, limit: 1000 });
      console.log(
        `${folder === "inbox" ? "To" : "From"} ${user.handle}: ${mail.length} message${
          mail.length === 1 ? "" : "s"
        }`,
      );
      for (const item of mail) {
        console.log(
          `  ${String(item.id).padStart(8)}  ${
            item.createdAt.toISOString().slice(0, 16).replace("T", " ")
          }  ` +
            `${(folder === "inbox" ? item.fromHandle : item.toHandle).padEnd(30)} ${item.subject}`,
        );
      }
    }
  });
}

/** `mail show ID`: the sysop's explicit read of one private message (it stays unread). */
export async function mailShow(config: Config, id: string): Promise<void> {
  await withStore(config, async (store) => {
    const mail = Number.isInteger(Number(id)) ? await store.mailById(Number(id)) : undefined;
    if (!mail) throw new CarrierError("USER_NOT_FOUND", `Cannot show mail ${id}: no such message`);
    console.log(`From:    ${mail.fromHandle}\nTo:      ${mail.toHandle}\nSubject: ${mail.subject}`);
    console.log(
      `Date:    ${mail.createdAt.toISOString()}\nRead:    ${
        mail.readAt?.toISOString() ?? "not yet"
      }\n`,
    );
    console.log(
      sanitizeCallerText(mail.body, { allowPipeCodes: true, keepLineBreaks: true }).replaceAll(
        "\r\n",
        "\n",
      ),
    );
  });
}

function toImported(batch: readonly MboxMessage[]): ImportedMessage[] {
  const byId = new Map<string, number>();
  batch.forEach((message, i) => {
    if (message.messageId) byId.set(message.messageId, i);
  });
  return batch.map((message, i) => {
    const replyTo = message.inReplyTo === null ? undefined : byId.get(message.inReplyTo);
    return {
      fromHandle: (message.from || message.fromAddress || "unknown").slice(0, 60),
      toHandle: message.to?.slice(0, 60) ?? null,
      subject: message.subject.slice(0, 120) || "(no subject)",
      body: message.body,
      createdAt: message.date ?? new Date(0),
      ...(replyTo !== undefined && replyTo < i ? { replyTo } : {}),
    };
  });
}

async function requireArea(store: Store, tag: string) {
  const area = await store.areaByTag(tag);
  if (!area) {
    throw new CarrierError(
      "CONFIG_INVALID",
      `No message area with the tag "${tag}" (see carrier area list)`,
    );
  }
  return area;
}

/**
 * The levels given on the command line. A new area given only a read level gets the same post
 * level (posting below the level that may read makes no sense).
 */
function levels(
  options: AreaOptions,
  creating = false,
): Pick<AreaChanges, "readLevel" | "postLevel"> {
  const readLevel = wholeNumberOption(options.read, "read", 255);
  const postLevel = wholeNumberOption(options.post, "post", 255) ??
    (creating ? readLevel : undefined);
  return {
    ...(readLevel === undefined ? {} : { readLevel }),
    ...(postLevel === undefined ? {} : { postLevel }),
  };
}
