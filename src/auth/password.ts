/**
 * `PasswordHasher`: argon2id hashing and checking on a small pool of workers, so a login never
 * blocks the event loop for the ≈ 30–60 ms one hash takes.
 *
 * @module
 */

import { CarrierError } from "../errors.ts";
import {
  checkPasswordParams,
  OWASP_PARAMS,
  parsePhcArgon2,
  type PasswordParams,
} from "./password_params.ts";
import type { PasswordReply, PasswordTask } from "./password_protocol.ts";

/** What `PasswordHasher.verify` found. */
export interface PasswordCheck {
  /** The password matches the stored hash. */
  ok: boolean;
  /** It matches, but the hash was made with other parameters: store `hash(password)` anew. */
  needsRehash: boolean;
}

/** Options for `new PasswordHasher`. */
export interface PasswordHasherOptions {
  /** Cost of new hashes; `OWASP_PARAMS` unless given. */
  params?: PasswordParams;
  /** Most workers to run at once; one fewer than the cores (at least 1) unless given. */
  workers?: number;
}

/** One hash or check waiting for, or running on, a worker. */
interface Job {
  task: PasswordTask;
  resolve(value: string | boolean): void;
  reject(error: unknown): void;
  /** Already sent again after its first worker died. */
  retried: boolean;
}

/** A worker and the one job it runs. */
interface Slot {
  worker: Worker;
  job: Job | undefined;
  jobId: number;
}

// Compact the queue once this many taken entries sit before the head.
const QUEUE_COMPACT_AT = 1024;

function shutdownError(): CarrierError {
  return new CarrierError("SHUTDOWN", "Cannot hash or check a password: the hasher is closed");
}

function sameParams(a: PasswordParams, b: PasswordParams): boolean {
  return a.memoryKiB === b.memoryKiB && a.iterations === b.iterations &&
    a.parallelism === b.parallelism;
}

/**
 * Hashes and checks passwords with argon2id on worker threads. Workers start on first use (or on
 * `warm()`), each runs one job at a time, and jobs wait in one FIFO queue.
 *
 * A worker that dies (an uncaught error, a failed module load) is dropped and its job sent once
 * more to a fresh worker, since hashing has no side effects; if that worker dies too the job is
 * rejected with a `CarrierError` `SHUTDOWN`, as if the hasher had closed.
 *
 * @example
 * ```ts
 * const hasher = new PasswordHasher();
 * hasher.warm();
 * const stored = await hasher.hash("correct horse");
 * const { ok, needsRehash } = await hasher.verify("correct horse", stored);
 * await hasher.close();
 * ```
 */
export class PasswordHasher {
  readonly #params: Readonly<PasswordParams>;
  readonly #maxWorkers: number;
  readonly #slots: Slot[] = [];
  #queue: (Job | undefined)[] = [];
  #head = 0;
  #nextId = 1;
  #closed = false;
  #dummy: Promise<string> | undefined;

  /**
   * @throws {RangeError} when `params` cannot be run (say `memoryKiB < 8 * parallelism` or
   * `iterations < 1`) or `workers` is not a positive integer.
   */
  constructor(options: PasswordHasherOptions = {}) {
    const params = options.params ?? OWASP_PARAMS;
    const problem = checkPasswordParams(params);
    if (problem !== undefined) throw new RangeError(`Cannot use argon2id parameters: ${problem}`);
    this.#params = Object.freeze({ ...params });
    const workers = options.workers ?? Math.max(1, navigator.hardwareConcurrency - 1);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError(`Cannot start ${workers} password workers: need a positive integer`);
    }
    this.#maxWorkers = workers;
  }

  /** The parameters new hashes are made with. */
  get params(): Readonly<PasswordParams> {
    return this.#params;
  }

  /**
   * Starts every worker now and has each run one hash at the current parameters, so the first
   * logins find compiled code and warm memory. One of those hashes becomes the stand-in that
   * unknown handles are checked against.
   */
  warm(): void {
    if (this.#closed) return;
    while (this.#slots.length < this.#maxWorkers) {
      const slot = this.#spawn();
      if (this.#dummy === undefined) {
        this.#dummyHash(slot);
      } else {
        const task = { kind: "hash", password: crypto.randomUUID(), params: this.#params } as const;
        this.#run(task, slot).catch(() => {});
      }
    }
  }

  /**
   * Hashes `password` with a fresh 16-byte salt.
   *
   * @returns a PHC string, `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` with the defaults.
   * @throws {RangeError} for an empty password.
   * @throws {CarrierError} `SHUTDOWN` once `close()` has been called.
   */
  async hash(password: string): Promise<string> {
    if (password.length === 0) throw new RangeError("Cannot hash an empty password");
    return await this.#run({ kind: "hash", password, params: this.#params }) as string;
  }

  /**
   * Checks `password` against a stored hash. An unknown handle (`encoded` undefined) or an
   * unreadable stored hash is checked against a stand-in hash made once with the current
   * parameters, so it takes as long as a wrong password, and gives `ok: false`. Bad stored data
   * never throws.
   *
   * @param encoded the stored PHC string, or `undefined` when the handle is unknown.
   * @returns `ok`, and `needsRehash` when it matched a hash of other parameters or variant.
   * @throws {CarrierError} `SHUTDOWN` once `close()` has been called.
   */
  async verify(password: string, encoded: string | undefined): Promise<PasswordCheck> {
    const stored = encoded === undefined ? undefined : parsePhcArgon2(encoded);
    if (encoded === undefined || stored === undefined) {
      await this.#run({ kind: "verify", password, encoded: await this.#dummyHash() });
      return { ok: false, needsRehash: false };
    }
    const ok = await this.#run({ kind: "verify", password, encoded }) as boolean;
    const needsRehash = ok && (stored.variant !== "id" || !sameParams(stored.params, this.#params));
    return { ok, needsRehash };
  }

  /**
   * Stops every worker. Queued and running jobs, and any later call, reject with a
   * `CarrierError` `SHUTDOWN`.
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    const error = shutdownError();
    for (const slot of this.#slots) {
      slot.worker.terminate();
      slot.job?.reject(error);
      slot.job = undefined;
    }
    this.#slots.length = 0;
    for (let i = this.#head; i < this.#queue.length; i++) this.#queue[i]?.reject(error);
    this.#queue = [];
    this.#head = 0;
    return Promise.resolve();
  }

  /** The stand-in hash for unknown handles, made on first need. */
  #dummyHash(slot?: Slot): Promise<string> {
    if (this.#dummy === undefined) {
      const task = { kind: "hash", password: crypto.randomUUID(), params: this.#params } as const;
      const made = this.#run(task, slot) as Promise<string>;
      this.#dummy = made;
      // Forget a failed attempt so the next call tries again; the handler also keeps one that
      // warm() started from rejecting unhandled.
      made.catch(() => {
        if (this.#dummy === made) this.#dummy = undefined;
      });
    }
    return this.#dummy;
  }

  /** Runs `task` on `slot`, or queues it for the next free worker. */
  #run(task: PasswordTask, slot?: Slot): Promise<string | boolean> {
    if (this.#closed) return Promise.reject(shutdownError());
    return new Promise((resolve, reject) => {
      const job: Job = { task, resolve, reject, retried: false };
      if (slot !== undefined) {
        this.#assign(slot, job);
      } else {
        this.#queue.push(job);
        this.#pump();
      }
    });
  }

  /** Hands queued jobs to idle workers, starting workers up to the limit. */
  #pump(): void {
    while (this.#head < this.#queue.length) {
      const slot = this.#idleSlot();
      if (slot === undefined) return;
      const job = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined;
      this.#assign(slot, job);
    }
    if (this.#head > 0) {
      this.#queue.length = 0;
      this.#head = 0;
    }
  }

  #idleSlot(): Slot | undefined {
    for (const slot of this.#slots) if (slot.job === undefined) return slot;
    return this.#slots.length < this.#maxWorkers ? this.#spawn() : undefined;
  }

  #assign(slot: Slot, job: Job): void {
    slot.job = job;
    slot.jobId = this.#nextId++;
    slot.worker.postMessage({ ...job.task, id: slot.jobId });
    // Under steady load the queue never drains; drop the taken entries now and then.
    if (this.#head >= QUEUE_COMPACT_AT && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  #spawn(): Slot {
    // A literal URL, so `deno compile --include src/auth/password_worker.ts` finds the worker.
    const worker = new Worker(new URL("./password_worker.ts", import.meta.url).href, {
      type: "module",
    });
    const slot: Slot = { worker, job: undefined, jobId: 0 };
    worker.onmessage = (event: MessageEvent<PasswordReply>) => this.#settle(slot, event.data);
    worker.onerror = (event: ErrorEvent) => {
      // Handled here; unhandled, a worker's error would end the whole process.
      event.preventDefault();
      this.#replace(slot, event.error ?? new Error(event.message));
    };
    worker.onmessageerror = () => {
      this.#replace(slot, new Error("A reply from the password worker could not be read"));
    };
    this.#slots.push(slot);
    return slot;
  }

  #settle(slot: Slot, reply: PasswordReply): void {
    const job = slot.job;
    if (job === undefined || reply.id !== slot.jobId) return;
    slot.job = undefined;
    this.#pump();
    if ("value" in reply) {
      job.resolve(reply.value);
    } else if (job.task.kind === "verify") {
      // hash-wasm threw on the stored hash (bad base64, memory it cannot get): no match.
      job.resolve(false);
    } else {
      job.reject(new Error(`Cannot hash password: ${reply.error}`));
    }
  }

  /** Drops a dead worker and sends its job once more, to a fresh one. */
  #replace(slot: Slot, cause: unknown): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    slot.worker.terminate();
    const job = slot.job;
    slot.job = undefined;
    if (job !== undefined && !job.retried) {
      job.retried = true;
      if (this.#head > 0) this.#queue[--this.#head] = job;
      else this.#queue.unshift(job);
    } else if (job !== undefined) {
      // ErrorCode has no code for a failed worker; to a caller it is a hasher that stopped.
      job.reject(
        new CarrierError("SHUTDOWN", "Cannot hash or check a password: the worker failed twice", {
          cause,
        }),
      );
    }
    this.#pump();
  }
}
