/**
 * Test and bench support: lrzsz processes wired to a codec through their pipes, and a file
 * source and target on disk. Not part of the public API.
 *
 * @module
 */

import { createHash } from "node:crypto";
import type { ZmodemFileInfo } from "./file_info.ts";
import { safeFileName } from "./file_info.ts";
import type { TransferReport, ZmodemSink } from "./outbox.ts";
import type { FileTarget } from "./receiver.ts";
import type { FileSource } from "./sender.ts";

/** A codec as the harness drives it. */
export interface Codec {
  push(bytes: Uint8Array): void | Promise<void> | undefined;
  hangUp(reason?: string): void;
}

/** An lrzsz program with its stdin as a sink and its stdout pumped into a codec. */
export class Peer {
  readonly child: Deno.ChildProcess;
  readonly sink: ZmodemSink;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #stderr: Promise<string>;
  #pumped: Promise<void> | undefined;
  /** Bytes the peer has written to us so far. */
  received = 0;

  constructor(command: string, args: string[], cwd: string) {
    this.child = new Deno.Command(command, {
      args,
      cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.child.stdin.getWriter();
    this.sink = { write: (bytes) => this.#writer.write(bytes) };
    this.#stderr = new Response(this.child.stderr).text();
  }

  /**
   * Feeds everything the peer writes into `codec` (through `onChunk`, which may change the
   * bytes in place); hangs the codec up when the peer's output ends.
   */
  pump(codec: Codec, onChunk?: (bytes: Uint8Array, at: number) => void): void {
    this.#pumped = (async () => {
      for await (const chunk of this.child.stdout) {
        onChunk?.(chunk, this.received);
        this.received += chunk.length;
        await codec.push(chunk);
      }
      codec.hangUp("the peer closed its output");
    })();
  }

  /** After the transfer: closes the peer's stdin, waits for it to exit, returns what it said. */
  async finish(): Promise<{ code: number; stderr: string }> {
    await this.#writer.close().catch(() => {});
    // Cleanup only, never an assertion: a peer still running after 15 s is killed.
    const timer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    }, 15_000);
    const status = await this.child.status;
    clearTimeout(timer);
    await this.#pumped;
    return { code: status.code, stderr: await this.#stderr };
  }
}

/** Runs `codec` against a peer until both ends are done. */
export async function transfer(
  peer: Peer,
  codec: Codec & { start(): Promise<TransferReport> },
  onChunk?: (bytes: Uint8Array, at: number) => void,
): Promise<{ report: TransferReport; code: number; stderr: string }> {
  peer.pump(codec, onChunk);
  const report = await codec.start();
  const { code, stderr } = await peer.finish();
  return { report, code, stderr };
}

/** A file on disk as a `FileSource`. */
export async function diskSource(
  path: string,
  name?: string,
): Promise<FileSource & Disposable & { reads: number[] }> {
  const file = await Deno.open(path, { read: true });
  const stat = await file.stat();
  const reads: number[] = [];
  let at = 0;
  return {
    reads,
    name: name ?? path.slice(path.lastIndexOf("/") + 1),
    size: stat.size,
    mtime: stat.mtime ?? new Date(0),
    async read(offset, into) {
      reads.push(offset);
      if (offset !== at) await file.seek(offset, Deno.SeekMode.Start);
      const n = (await file.read(into)) ?? 0;
      at = offset + n;
      return n;
    },
    [Symbol.dispose]() {
      file.close();
    },
  };
}

/** What a {@linkcode DiskTarget} saw, for assertions. */
export interface TargetLog {
  opened: ZmodemFileInfo[];
  finished: { name: string; ok: boolean }[];
  firstWrite: number[];
}

/**
 * A `FileTarget` over a directory: data goes to `name.part`, published as `name` on success;
 * a failed file's part is kept so a later transfer can resume it.
 */
export class DiskTarget implements FileTarget {
  readonly log: TargetLog = { opened: [], finished: [], firstWrite: [] };
  readonly #dir: string;
  readonly #skip: (name: string) => boolean;
  #file: Deno.FsFile | undefined;
  #name = "";
  #at = 0;
  #wrote = false;
  /** Bytes written over all files. */
  written = 0;
  /** Called after each write, with the total written. */
  onWrite: ((written: number) => void) | undefined;

  constructor(dir: string, options: { skip?: (name: string) => boolean } = {}) {
    this.#dir = dir;
    this.#skip = options.skip ?? (() => false);
  }

  async open(info: ZmodemFileInfo): Promise<{ resumeAt: number } | "skip"> {
    this.log.opened.push(info);
    const name = safeFileName(info.name);
    if (this.#skip(name)) return "skip";
    this.#name = name;
    this.#file = await Deno.open(`${this.#dir}/${name}.part`, { write: true, create: true });
    const size = (await this.#file.stat()).size;
    const resumeAt = info.size !== undefined && size <= info.size ? size : 0;
    await this.#file.truncate(resumeAt);
    await this.#file.seek(resumeAt, Deno.SeekMode.Start);
    this.#at = resumeAt;
    this.#wrote = false;
    return { resumeAt };
  }

  async write(bytes: Uint8Array, offset: number): Promise<void> {
    if (!this.#file) throw new Error("write without open");
    if (!this.#wrote) this.log.firstWrite.push(offset);
    this.#wrote = true;
    if (offset !== this.#at) await this.#file.seek(offset, Deno.SeekMode.Start);
    for (let done = 0; done < bytes.length;) done += await this.#file.write(bytes.subarray(done));
    this.#at = offset + bytes.length;
    this.written += bytes.length;
    this.onWrite?.(this.written);
  }

  async finish(ok: boolean): Promise<void> {
    this.log.finished.push({ name: this.#name, ok });
    this.#file?.close();
    this.#file = undefined;
    if (ok) await Deno.rename(`${this.#dir}/${this.#name}.part`, `${this.#dir}/${this.#name}`);
  }
}

/** SHA-256 of a file, hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  const buf = new Uint8Array(1 << 20);
  for (let n; (n = await file.read(buf)) !== null;) hash.update(buf.subarray(0, n));
  return hash.digest("hex");
}

/** Writes `size` random bytes to `path` (deterministic from `seed`). */
export async function writeRandomFile(path: string, size: number, seed = 1): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const chunk = new Uint8Array(1 << 20);
  let x = seed >>> 0 || 1;
  for (let left = size; left > 0;) {
    const n = Math.min(left, chunk.length);
    // xorshift32: fast, reproducible, and every byte value appears.
    for (let i = 0; i < n; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk[i] = x;
      chunk[i + 1] = x >>> 8;
      chunk[i + 2] = x >>> 16;
      chunk[i + 3] = x >>> 24;
    }
    for (let done = 0; done < n;) done += await file.write(chunk.subarray(done, n));
    left -= n;
  }
}

/** Bytes that all need escaping somewhere: ZDLE, DLE, XON, XOFF and high forms, 0xFF, DEL, "@\r". */
export function escapeHeavyBytes(size: number): Uint8Array {
  const pattern = [0x18, 0x10, 0x11, 0x13, 0x90, 0x91, 0x93, 0xff, 0x7f, 0x40, 0x0d, 0xc0, 0x8d];
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = pattern[i % pattern.length]!;
  return out;
}

/** Flips one bit at each of `positions` (offsets in a byte stream seen chunk by chunk). */
export function bitFlipper(positions: number[]): (bytes: Uint8Array, at: number) => void {
  return (bytes, at) => {
    for (const p of positions) {
      if (p >= at && p < at + bytes.length) bytes[p - at]! ^= 0x20;
    }
  };
}
