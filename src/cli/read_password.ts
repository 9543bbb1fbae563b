/**
 * Reading a password for the admin commands: twice without echo on a terminal, one line from
 * a pipe (`echo pw | carrier user add Sysop --sysop`).
 *
 * @module
 */

import { CarrierError } from "../errors.ts";

const encoder = new TextEncoder();
/** Longest password line read from a pipe. */
const MAX_LINE = 1024;

/** Reads the new password from stdin. */
export async function readNewPassword(prompt = "Password"): Promise<string> {
  if (!Deno.stdin.isTerminal()) return await readPipedLine();
  const first = readHidden(`${prompt}: `);
  const second = readHidden("Once more: ");
  if (first !== second) throw new CarrierError("PASSWORD_INVALID", "The two passwords differ");
  return first;
}

/** The first line of piped stdin, without its line ending. */
async function readPipedLine(): Promise<string> {
  const decoder = new TextDecoder();
  const reader = Deno.stdin.readable.getReader();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.includes("\n") || text.length > MAX_LINE) break;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const line = text.split("\n")[0]!.replace(/\r$/, "");
  if (line.length > MAX_LINE) {
    throw new CarrierError("PASSWORD_INVALID", "The password line is too long");
  }
  return line;
}

/** Reads one line from the terminal with echo off. */
function readHidden(prompt: string): string {
  // Echo goes off before the prompt shows, so keys typed the moment it appears stay hidden.
  Deno.stdin.setRaw(true);
  Deno.stderr.writeSync(encoder.encode(prompt));
  const bytes: number[] = [];
  const buf = new Uint8Array(64);
  try {
    for (;;) {
      const n = Deno.stdin.readSync(buf);
      if (n === null) break;
      let done = false;
      for (let i = 0; i < n && !done; i++) {
        const b = buf[i]!;
        if (b === 0x03) throw new CarrierError("PASSWORD_INVALID", "Cancelled");
        if (b === 0x0d || b === 0x0a) done = true;
        else if (b === 0x7f || b === 0x08) bytes.pop();
        else if (b >= 0x20) bytes.push(b);
      }
      if (done) break;
    }
  } finally {
    Deno.stdin.setRaw(false);
    Deno.stderr.writeSync(encoder.encode("\n"));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
