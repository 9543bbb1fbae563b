/**
 * Caller scripts shared by end-to-end tests and benches: applying, logging in, posting a message,
 * asking for a transfer at the file menu, leaving.
 *
 * @module
 */

import type { TelnetTestClient } from "./telnet_client.ts";

/** A password long enough for the default policy. */
export const PASSWORD = "tr0ub4dor&3";

/** Applies as a new user from the handle prompt and waits for the main menu. */
export async function applyAsNew(
  client: TelnetTestClient,
  handle: string,
  details: { password?: string; realName?: string; location?: string; charset?: "cp437" | "utf8" } =
    {},
): Promise<void> {
  const password = details.password ?? PASSWORD;
  await client.expect("or NEW to apply: ");
  await client.line("new");
  await client.expect("Handle: ");
  await client.line(handle);
  await client.expect("Password (at least");
  await client.line(password);
  await client.expect("Once more: ");
  await client.line(password);
  await client.expect("Real name (optional): ");
  await client.line(details.realName ?? "");
  await client.expect("Location (optional): ");
  await client.line(details.location ?? "");
  if (details.charset) await answerCharset(client, details.charset);
  await client.expect("Main Menu");
  await client.expect("Command:");
}

/** Answers the character set question a terminal without a known type gets. */
async function answerCharset(
  client: TelnetTestClient,
  charset: "cp437" | "utf8",
): Promise<void> {
  await client.expect("Press 1 or 2: ");
  await client.send(charset === "cp437" ? "1" : "2");
}

/** Logs in from the handle prompt and waits for the main menu. */
export async function logIn(
  client: TelnetTestClient,
  handle: string,
  password = PASSWORD,
): Promise<void> {
  await client.expect("or NEW to apply: ");
  await client.line(handle);
  await client.expect("Password: ");
  await client.line(password);
  await client.expect("Main Menu");
  await client.expect("Command:");
}

/** The main menu as the caller's terminal shows it, one string with a line per row. */
export async function menuScreen(client: TelnetTestClient): Promise<string> {
  return (await client.screen()).join("\n");
}

/** Presses M at the main menu and waits for the message menu. */
export async function openMessages(client: TelnetTestClient): Promise<void> {
  await client.send("m");
  await client.expect("Message bases");
  await client.expect("Command: ");
}

/**
 * At the message menu, posts `lines` to All under `subject` in the current area, and waits for
 * `saved` (by default "Saved as #N in General") and the menu again.
 */
export async function post(
  client: TelnetTestClient,
  subject: string,
  lines: string[],
  saved: string | RegExp = /Saved as #\d+ in General/,
): Promise<void> {
  await client.send("p");
  await client.expect("(Enter for All): ");
  await client.line("");
  await client.expect("Subject: ");
  await client.line(subject);
  await client.expect("1: ");
  for (const line of lines) await client.line(line);
  await client.line("/s");
  await client.expect(saved);
  await client.expect("Command: ");
}

/**
 * At the file menu, asks to download `names` by the protocol behind `key` (Enter: ZMODEM) up to
 * "start now".
 */
export async function startDownload(
  client: TelnetTestClient,
  names: string,
  key = "\r",
): Promise<void> {
  await client.send("d");
  await client.expect("(several: separate with spaces): ");
  await client.line(names);
  await client.expect("(Enter), ");
  await client.send(key);
  await client.expect("Start your download now");
}

/**
 * At the file menu, asks to upload by the protocol behind `key` (Enter: ZMODEM) up to
 * "start now".
 */
export async function startUpload(client: TelnetTestClient, key = "\r"): Promise<void> {
  await client.send("u");
  await client.expect("(Enter), ");
  await client.send(key);
  await client.expect("Start your upload now");
}

/** Presses G at the main menu and waits for the board to hang up. */
export async function sayGoodbye(client: TelnetTestClient): Promise<void> {
  await client.send("g");
  await client.expect("NO CARRIER");
  await client.closed;
}
