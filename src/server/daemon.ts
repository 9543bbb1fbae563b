/**
 * The daemon: opens and migrates the store, starts the telnet listener, runs one call per
 * connection, watches for idle callers, and shuts everything down in order.
 *
 * @module
 */

import { LoginThrottle, PasswordHasher } from "../auth/mod.ts";
import { cleanIncoming, openFileVault, sweepBlobs } from "../files/mod.ts";
import type { Config } from "../config/mod.ts";
import { log } from "../log/mod.ts";
import {
  type Board,
  loadLoggedInMenus,
  NodeTable,
  runCall,
  Session,
  watchNodes,
} from "../session/mod.ts";
import { openStore, type Store } from "../storage/mod.ts";
import { TcpLine } from "./connection.ts";
import { listenTcp } from "./listener.ts";

/** A running daemon. */
export interface Daemon {
  /** Where the telnet listener is bound. */
  readonly hostname: string;
  readonly port: number;
  /** The open store. */
  readonly store: Store;
  /** Migrations applied at start-up. */
  readonly migrationsApplied: readonly string[];
  /** The shared state sessions run on. */
  readonly board: Board;
  /** Says goodbye to every caller, stops listening and closes the store. Idempotent. */
  stop(): Promise<void>;
}

/** How often idle callers are checked. */
const IDLE_SWEEP_MS = 1000;
/** How often old uploads and unused file contents are cleared away, and when first. */
const HOUSEKEEPING_MS = 3600_000;
const FIRST_HOUSEKEEPING_MS = 60_000;
/**
 * When the post-login menus are loaded, if no login asked for them first: soon after listening,
 * so start-up does not wait for them and the first login does not either.
 */
const PRELOAD_MENUS_MS = 50;
/** How long shutdown waits for calls to end after saying goodbye. */
const SHUTDOWN_GRACE_MS = 3000;

const encoder = new TextEncoder();

/**
 * Starts Carrier with `config`.
 *
 * @throws {CarrierError} when the store cannot be opened or migrated
 * @throws {Deno.errors.AddrInUse} when the port is taken
 */
export async function startDaemon(config: Config): Promise<Daemon> {
  const store = await openStore(config.database, { poolSize: config.postgres.poolSize });
  let migrationsApplied: string[];
  try {
    migrationsApplied = await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  const { memoryKib: memoryKiB, iterations, parallelism, workers } = config.password;
  const passwords = new PasswordHasher({
    params: { memoryKiB, iterations, parallelism },
    ...(workers > 0 ? { workers } : {}),
  });
  const throttle = new LoginThrottle({
    baseDelayMs: config.login.baseDelayMs,
    maxDelayMs: config.login.maxDelayMs,
    lockAfter: config.login.lockAfter,
    lockMs: config.login.lockMinutes * 60_000,
  });
  const nodes = new NodeTable<Session>(config.maxNodes);
  const vault = await openFileVault(config.data);
  const board: Board = { config, store, passwords, throttle, nodes, vault };
  const calls = new Set<Promise<unknown>>();

  const onConnection = (conn: Deno.TcpConn) => {
    try {
      conn.setNoDelay(true);
      conn.setKeepAlive(true);
    } catch {
      // The peer is already gone; the read loop will notice.
    }
    const line = new TcpLine(conn);
    const session = nodes.allocate((node) =>
      new Session(line, node, { negotiationGraceMs: config.negotiationGraceMs })
    );
    if (!session) {
      refuseBusy(conn, config);
      return;
    }
    passwords.warm();
    const call = Promise.all([
      line.pump(session),
      // Whatever ended the call, the line closes with it.
      runCall(session, board).finally(() => line.close()),
    ]);
    calls.add(call);
    call.finally(() => calls.delete(call));
  };

  let server;
  try {
    server = listenTcp({ hostname: config.host, port: config.telnetPort }, onConnection);
  } catch (error) {
    await passwords.close();
    await store.close();
    throw error;
  }

  const idleSweep = setInterval(() => watchNodes(board), IDLE_SWEEP_MS);
  const housekeeping = setInterval(() => void keepFilesTidy(board), HOUSEKEEPING_MS);
  const firstTidy = setTimeout(() => void keepFilesTidy(board), FIRST_HOUSEKEEPING_MS);
  const preload = setTimeout(() => {
    loadLoggedInMenus().catch((error) => log.error?.("Cannot load the menus", { error }));
  }, PRELOAD_MENUS_MS);
  let stopping: Promise<void> | undefined;

  const stop = () =>
    stopping ??= (async () => {
      clearInterval(idleSweep);
      clearInterval(housekeeping);
      clearTimeout(firstTidy);
      clearTimeout(preload);
      await server.close();
      for (const session of nodes.occupants()) {
        void session.disconnect("\r\n|12The board is shutting down. Goodbye!|07\r\n", 1000);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.allSettled([...calls]),
        new Promise((resolve) => timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)),
      ]);
      clearTimeout(timer);
      await passwords.close();
      const { queries, cacheHits, cacheMisses, cacheBypasses } = store.stats;
      log.info?.("Store statistics", { queries, cacheHits, cacheMisses, cacheBypasses });
      await store.close();
      log.info?.("Stopped");
    })();

  return {
    hostname: server.hostname,
    port: server.port,
    store,
    migrationsApplied,
    board,
    stop,
  };
}

/**
 * Removes uploads abandoned longer than the resume window and file contents nothing lists any
 * more. Failures are logged and tried again next time.
 */
async function keepFilesTidy(board: Board): Promise<void> {
  try {
    const cleaned = await cleanIncoming(
      board.config.data,
      board.config.uploadResumeHours * 3600_000,
    );
    const swept = await sweepBlobs(board.store, board.vault);
    if (cleaned.files > 0 || swept.removed > 0) {
      log.info?.("Files tidied", { oldUploads: cleaned.files, unusedContents: swept.removed });
    }
  } catch (error) {
    log.warn?.("Cannot tidy the file area folders", { error });
  }
}

/** Tells a caller the board is full and hangs up, without waiting on a slow reader. */
function refuseBusy(conn: Deno.TcpConn, config: Config): void {
  log.warn?.("All nodes busy; caller refused", {
    address: (conn.remoteAddr as Deno.NetAddr).hostname,
  });
  const message = encoder.encode(
    `\r\n${config.systemName}: all ${config.maxNodes} nodes are busy. Please call back later.\r\n`,
  );
  const close = () => {
    try {
      conn.close();
    } catch {
      // Already closed.
    }
  };
  const timer = setTimeout(close, 1000);
  conn.write(message).catch(() => {}).finally(() => {
    clearTimeout(timer);
    close();
  });
}
