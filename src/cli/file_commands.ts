// deno-lint-ignore-file no-console -- the admin commands talk to the operator on stdout
/**
 * The sysop's file-area commands: `carrier filearea add|list|edit|delete` and
 * `carrier file add AREA PATH [--description TEXT]`.
 *
 * @module
 */

import type { Config } from "../config/mod.ts";
import { CarrierError } from "../errors.ts";
import { importFile, openFileVault } from "../files/mod.ts";
import type { FileAreaChanges, Store } from "../storage/mod.ts";
import { wholeNumberOption } from "./args.ts";
import { withStore } from "./store_access.ts";

/** Options the file-area commands read from the command line. */
export interface FileAreaOptions {
  name?: string;
  description?: string;
  download?: string;
  upload?: string;
  maxSize?: string;
  force?: boolean;
}

/** `filearea add TAG …`. */
export async function fileAreaAdd(
  config: Config,
  tag: string,
  options: FileAreaOptions,
): Promise<void> {
  await withStore(config, async (store) => {
    const area = await store.createFileArea({
      tag,
      name: options.name ?? tag,
      ...changes(options, true),
    });
    console.log(
      `Added file area ${area.tag} "${area.name}" (download ${area.downloadLevel}, upload ${area.uploadLevel}` +
        `${area.maxFileBytes > 0 ? `, at most ${area.maxFileBytes} bytes a file` : ""})`,
    );
  });
}

/** `filearea list`. */
export async function fileAreaList(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    const areas = await store.listFileAreas({ level: 255 });
    console.log(
      `${"Tag".padEnd(20)} ${"Name".padEnd(30)} Down   Up ${"Files".padStart(7)} ${
        "Bytes".padStart(14)
      }`,
    );
    for (const area of areas) {
      console.log(
        `${area.tag.padEnd(20)} ${area.name.padEnd(30)} ${String(area.downloadLevel).padStart(4)} ${
          String(area.uploadLevel).padStart(4)
        } ${String(area.fileCount).padStart(7)} ${String(area.totalBytes).padStart(14)}`,
      );
    }
    console.log(`${areas.length} file area${areas.length === 1 ? "" : "s"}`);
  });
}

/** `filearea edit TAG …`. */
export async function fileAreaEdit(
  config: Config,
  tag: string,
  options: FileAreaOptions,
): Promise<void> {
  await withStore(config, async (store) => {
    const area = await requireFileArea(store, tag);
    const updated = await store.updateFileArea(area.id, {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...changes(options, false),
    });
    console.log(`Saved file area ${updated?.tag ?? tag}`);
  });
}

/** `filearea delete TAG [--force]`. */
export async function fileAreaDelete(
  config: Config,
  tag: string,
  options: FileAreaOptions,
): Promise<void> {
  await withStore(config, async (store) => {
    const area = await requireFileArea(store, tag);
    await store.deleteFileArea(area.id, { force: options.force === true });
    console.log(
      `Deleted file area ${area.tag}${
        area.fileCount > 0 ? ` and its ${area.fileCount} files` : ""
      }`,
    );
  });
}

/** `file add AREA PATH [--description TEXT]`: imports a file from disk into an area. */
export async function fileAdd(
  config: Config,
  tag: string,
  path: string,
  options: FileAreaOptions,
): Promise<void> {
  await withStore(config, async (store) => {
    const vault = await openFileVault(config.data);
    const stored = await importFile(store, vault, {
      areaTag: tag,
      path,
      ...(options.description === undefined ? {} : { description: options.description }),
      uploader: { id: null, handle: "Sysop" },
    });
    if (stored.duplicateOf) {
      console.log(
        `Not added: the same file is already there as ${stored.duplicateOf.name} in ${stored.duplicateOf.areaName}`,
      );
    } else {
      console.log(`Added ${stored.file.name} (${stored.file.size} bytes) to ${tag}`);
    }
  });
}

async function requireFileArea(store: Store, tag: string) {
  const area = await store.fileAreaByTag(tag);
  if (!area) {
    throw new CarrierError(
      "CONFIG_INVALID",
      `No file area with the tag "${tag}" (see carrier filearea list)`,
    );
  }
  return area;
}

/** The level and limit options; a new area given only a download level uploads at it too. */
function changes(options: FileAreaOptions, creating: boolean): FileAreaChanges {
  const downloadLevel = wholeNumberOption(options.download, "download", 255);
  const uploadLevel = wholeNumberOption(options.upload, "upload", 255) ??
    (creating ? downloadLevel : undefined);
  const maxFileBytes = wholeNumberOption(options.maxSize, "max-size", Number.MAX_SAFE_INTEGER);
  return {
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(downloadLevel === undefined ? {} : { downloadLevel }),
    ...(uploadLevel === undefined ? {} : { uploadLevel }),
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
  };
}
