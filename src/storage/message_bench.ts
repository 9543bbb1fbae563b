// deno-lint-ignore-file no-console -- the bench reports seeding speed and compression savings
/**
 * The message base at board scale: 1,000,000 messages in 50 areas of 10 conferences, from real
 * text (fortunes and man pages, see `message_bench_corpus.ts`), on SQLite and, when
 * CARRIER_TEST_PG_URL is set, on PostgreSQL in a scratch schema (otherwise those benches are
 * ignored).
 *
 * `deno bench -A src/storage/message_bench.ts`
 *
 * - CARRIER_BENCH_MESSAGES=100000 seeds fewer messages (default 1,000,000).
 * - The seeded SQLite file is kept at `$TMPDIR/carrier_message_bench_<key>.db`, the key hashing
 *   the SQLite migrations, the seed parameters and the corpus, and copied to a temp dir for
 *   each run (so runs start alike): only the first run pays for seeding. Delete the file to
 *   reseed. PostgreSQL is seeded afresh each run and its schema dropped at the end.
 * - Each backend has two stores on one database: "cached" (the default read cache) and
 *   "uncached" (`readCache: { maxEntries: 0 }`).
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { cycle } from "./bench_cycle.ts";
import { loadCorpus, MessageWriter } from "./message_bench_corpus.ts";
import { DEFAULT_COMPRESS_ABOVE } from "./message_input.ts";
import type { ImportedMessage, MessageArea } from "./message_types.ts";
import { openPostgresStore } from "./postgres/postgres_store.ts";
import { createScratchSchema, type ScratchSchema } from "./postgres/scratch_schema.ts";
import { openSqliteStore } from "./sqlite/sqlite_store.ts";
import type { Store, User } from "./store.ts";

const MESSAGES = Number(Deno.env.get("CARRIER_BENCH_MESSAGES") ?? 1_000_000);
const CONFERENCES = 10;
const AREAS = 50;
const USERS = 200;
/** Messages per importMessages call while seeding: areas take turns, as posts interleave. */
const SEED_BATCH = 100;
/** Bump when the seeding below changes, so a cached SQLite file is not reused. */
const SEED_VERSION = 1;
const PG_URL = Deno.env.get("CARRIER_TEST_PG_URL");
/** The board's history runs from here… */
const FIRST_POST = Date.UTC(1994, 0, 1);
/** …to here. */
const LAST_POST = Date.UTC(2026, 0, 1);

const corpus = await loadCorpus();

/** What the benches need from a seeded board. */
interface Board {
  reader: User;
  newcomer: User;
  poster: User;
  /** The 45 areas the reader (level 10) may read. */
  readable: MessageArea[];
  /** Where posts and imports go (not one of the listed ones). */
  postArea: MessageArea;
  /** (area, number) of messages stored as is, and of long LZ4 ones. */
  short: [number, number][];
  long: [number, number][];
  /** A message in postArea to reply to. */
  parentId: number;
}

/**
 * Seeds users, conferences, areas and MESSAGES messages through the Store API
 * (`importMessages` in SEED_BATCH batches, areas in turn).
 *
 * @returns seconds spent in importMessages, and in making up the text
 */
async function seed(store: Store): Promise<{ importing: number; writing: number }> {
  await store.migrate();
  const writer = new MessageWriter(corpus, 42);
  const users: User[] = [await store.createUser({ handle: "Sysop", passwordHash: "x" })];
  const taken = new Set(["sysop"]);
  while (users.length < USERS) {
    let handle = writer.handle();
    while (taken.has(handle.toLowerCase())) handle += String(Math.floor(writer.next() * 10));
    taken.add(handle.toLowerCase());
    users.push(await store.createUser({ handle, passwordHash: "x" }));
  }
  for (const name of ["Reader", "Newcomer", "Poster"]) {
    await store.createUser({ handle: name, passwordHash: "x", securityLevel: 10 });
  }
  const areas: MessageArea[] = [];
  for (let c = 0; c < CONFERENCES; c++) {
    const conference = await store.createConference({ name: `Conference ${c + 1}`, sortOrder: c });
    for (let a = 0; a < AREAS / CONFERENCES; a++) {
      const n = areas.length + 1;
      areas.push(
        await store.createArea({
          conferenceId: conference.id,
          tag: `area${n}`,
          name: `Area ${n}`,
          // One area in ten is for co-sysops: a level-10 caller reads 45 of the 50.
          readLevel: n % 10 === 5 ? 100 : n % 2 === 0 ? 10 : 0,
          sortOrder: a,
        }),
      );
    }
  }
  const perArea = Math.floor(MESSAGES / AREAS);
  let importing = 0;
  const started = performance.now();
  let index = 0;
  for (let round = 0; round * SEED_BATCH < perArea; round++) {
    for (const area of areas) {
      const batch: ImportedMessage[] = [];
      for (let i = 0; i < Math.min(SEED_BATCH, perArea - round * SEED_BATCH); i++) {
        const from = writer.next() < 0.8 ? users[Math.floor(writer.next() * users.length)]! : null;
        const replyTo = i > 0 && writer.next() < 0.3 ? Math.floor(writer.next() * i) : undefined;
        batch.push({
          fromHandle: from?.handle ?? `${writer.handle().toLowerCase()}@fidonet.example`,
          fromUserId: from?.id ?? null,
          subject: replyTo === undefined ? writer.subject() : `Re: ${batch[replyTo]!.subject}`,
          body: writer.body(),
          createdAt: new Date(
            FIRST_POST + (LAST_POST - FIRST_POST) * (index++ / MESSAGES) + writer.next() * 1000,
          ),
          ...(replyTo === undefined ? {} : { replyTo }),
        });
      }
      const before = performance.now();
      await store.importMessages(area.id, batch);
      importing += performance.now() - before;
    }
  }
  return { importing: importing / 1000, writing: (performance.now() - started - importing) / 1000 };
}

function seedReport(name: string, seconds: { importing: number; writing: number }): string {
  return `${name}: seeded ${MESSAGES} messages (${corpus.description}): importMessages ` +
    `${seconds.importing.toFixed(1)} s, ${Math.round(MESSAGES / seconds.importing)} messages/s ` +
    `in batches of ${SEED_BATCH} (making up the text took ${seconds.writing.toFixed(1)} s more)`;
}

/** The reader's pointers: 0–150 unread in most areas, caught up in one area in five. */
async function prepare(store: Store, sample: (sql: string) => Promise<[number, number][]>) {
  const reader = (await store.userByHandle("Reader"))!;
  const newcomer = (await store.userByHandle("Newcomer"))!;
  const poster = (await store.userByHandle("Poster"))!;
  const all = await store.listAreas({ level: 255 });
  const readable = all.filter((area) => area.readLevel <= 10);
  const postArea = readable.at(-1)!;
  let unread = 0;
  for (const [i, area] of readable.entries()) {
    const behind = i % 5 === 0 ? 0 : (i * 37) % 151;
    unread += behind;
    await store.setLastRead(reader.id, area.id, area.highWater - behind);
  }
  const short = await sample(
    "compressed = false AND body_length BETWEEN 100 AND 512 AND deleted_at IS NULL",
  );
  const long = await sample("compressed = true AND body_length > 3000 AND deleted_at IS NULL");
  const [parent] = await store.listMessages(postArea.id, { limit: 1 });
  const board: Board = {
    reader,
    newcomer,
    poster,
    readable: readable.slice(0, -1),
    postArea,
    short,
    long,
    parentId: parent!.id,
  };
  return { board, unread };
}

/** One line about the bytes stored, for the report. */
function compressionReport(name: string, row: Record<string, unknown>): string {
  const raw = Number(row.raw);
  const stored = Number(row.stored);
  return `${name}: ${row.messages} messages, ${row.compressed} of them LZ4; bodies ` +
    `${(raw / 1e6).toFixed(1)} MB as UTF-8, ${(stored / 1e6).toFixed(1)} MB stored: ` +
    `${(100 * (1 - stored / raw)).toFixed(1)}% saved`;
}

const STATS_SQL = `SELECT count(*) AS messages, sum(CASE WHEN compressed THEN 1 ELSE 0 END)
  AS compressed, sum(body_length) AS raw, sum(length(body)) AS stored FROM messages`;

// ── SQLite: seed once into a cached file, copy it for this run ──

const migrations = (await Array.fromAsync(
  Deno.readDir(new URL("../../migrations/sqlite/", import.meta.url)),
)).map((entry) => entry.name).sort();
let fingerprint = `${SEED_VERSION}:${MESSAGES}:${DEFAULT_COMPRESS_ABOVE}:${corpus.description}`;
for (const name of migrations) {
  fingerprint += await Deno.readTextFile(
    new URL(`../../migrations/sqlite/${name}`, import.meta.url),
  );
}
const digest = new Uint8Array(
  await crypto.subtle.digest("SHA-256", new TextEncoder().encode(fingerprint)),
);
const key = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
const cachedFile = join(Deno.env.get("TMPDIR") ?? "/tmp", `carrier_message_bench_${key}.db`);
try {
  await Deno.stat(cachedFile);
  console.log(`sqlite: reusing the seeded board in ${cachedFile}`);
} catch {
  const partial = `${cachedFile}.partial`;
  await Deno.remove(partial).catch(() => {});
  const seeding = openSqliteStore(partial);
  const seconds = await seed(seeding);
  await seeding.close();
  // One file to copy: fold the WAL into it.
  const db = new DatabaseSync(partial);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;");
  db.close();
  await Deno.rename(partial, cachedFile);
  console.log(`${seedReport("sqlite", seconds)}; kept in ${cachedFile}`);
}
const dir = await Deno.makeTempDir({ prefix: "carrier_message_bench_" });
await Deno.copyFile(cachedFile, `${dir}/carrier.db`);
// Flush the copy now: otherwise SQLite's first checkpoint fsyncs hundreds of MB mid-bench.
using copy = await Deno.open(`${dir}/carrier.db`, { read: true, write: true });
await copy.sync();
const sqliteCached = openSqliteStore(`${dir}/carrier.db`);
const sqlitePlain = openSqliteStore(`${dir}/carrier.db`, { readCache: { maxEntries: 0 } });
const sqliteRaw = new DatabaseSync(`${dir}/carrier.db`, { readOnly: true });
const sqliteSample = (where: string) =>
  Promise.resolve(
    sqliteRaw.prepare(`SELECT area_id, number FROM messages WHERE ${where} LIMIT 64`).all()
      .map((row) => [Number(row.area_id), Number(row.number)] as [number, number]),
  );
const sqliteBoard = await prepare(sqlitePlain, sqliteSample);
console.log(compressionReport("sqlite", sqliteRaw.prepare(STATS_SQL).get()!));
console.log(
  `sqlite: the file is ${((await Deno.stat(`${dir}/carrier.db`)).size / 1e6).toFixed(0)} MB; ` +
    `the reader has ${sqliteBoard.unread} unread in ${sqliteBoard.board.readable.length + 1} areas`,
);

// ── PostgreSQL: seed a scratch schema ──

let schema: ScratchSchema | undefined;
let pgCached: Store | undefined;
let pgPlain: Store | undefined;
let pgBoard: Board | undefined;
if (PG_URL !== undefined) {
  schema = await createScratchSchema(PG_URL);
  pgCached = await openPostgresStore(schema.url, { poolSize: 4 });
  const seconds = await seed(pgCached);
  const sql = schema.sql;
  // As a board that has been up a while: statistics and visibility map current, and the
  // seeding's dirty pages written out before anything is measured.
  await sql`VACUUM ANALYZE`;
  await sql`CHECKPOINT`;
  console.log(seedReport("postgres", seconds));
  pgPlain = await openPostgresStore(schema.url, { poolSize: 4, readCache: { maxEntries: 0 } });
  const pgSample = async (where: string) =>
    (await sql.unsafe(`SELECT area_id, number FROM messages WHERE ${where} LIMIT 64`))
      .map((row) => [row.area_id, row.number] as [number, number]);
  const prepared = await prepare(pgPlain, pgSample);
  pgBoard = prepared.board;
  const [stats] = await sql.unsafe(
    STATS_SQL.replace("length(body)", "octet_length(body)").replace(
      "count(*) AS messages",
      "count(*)::int AS messages",
    ),
  );
  console.log(compressionReport("postgres", stats!));
  const [size] = await sql`SELECT pg_total_relation_size('messages') AS bytes`;
  console.log(
    `postgres: messages with indexes and TOAST: ${(Number(size!.bytes) / 1e6).toFixed(0)} MB`,
  );
}

// ── The benches ──

const backends = [
  {
    name: "sqlite",
    cached: sqliteCached as Store,
    plain: sqlitePlain as Store,
    board: sqliteBoard.board,
  },
  { name: "postgres", cached: pgCached, plain: pgPlain, board: pgBoard },
];

for (const { name, cached, plain, board } of backends) {
  const ignore = cached === undefined || plain === undefined || board === undefined;
  const areas = board?.readable ?? [];
  const nextArea = cycle(areas);
  const middle = Math.floor(MESSAGES / AREAS / 2);
  const bench = (group: string, label: string, fn: () => Promise<unknown>, baseline = false) =>
    Deno.bench({
      name: label,
      group: `${name}: ${group}`,
      baseline,
      ignore,
      async fn() {
        await fn();
      },
    });

  bench("list 25", "first page, uncached", () => plain!.listMessages(nextArea().id), true);
  bench("list 25", "first page, cached", () => cached!.listMessages(nextArea().id));
  bench(
    "list 25",
    "a page in the middle of an area, uncached",
    () => plain!.listMessages(nextArea().id, { before: middle }),
  );
  bench(
    "list 25",
    "a page in the middle of an area, cached",
    () => cached!.listMessages(nextArea().id, { before: middle }),
  );
  bench("list 25", "oldest first, page 2, uncached", () => {
    return plain!.listMessages(nextArea().id, { direction: "oldest", after: 25 });
  });

  const nextShort = cycle(board?.short ?? []);
  const nextLong = cycle(board?.long ?? []);
  bench("read one message", "≤ 512 B, stored as is", () => {
    const [area, number] = nextShort();
    return plain!.readMessage(area, number);
  }, true);
  bench("read one message", "> 3 KB, stored LZ4", () => {
    const [area, number] = nextLong();
    return plain!.readMessage(area, number);
  });
  bench("read one message", "next after a number", () => {
    const [area, number] = nextShort();
    return plain!.readMessage(area, number, "next");
  });

  const postWriter = new MessageWriter(corpus, 7);
  const post = (replyToId?: number) =>
    cached!.postMessage({
      areaId: board!.postArea.id,
      fromUserId: board!.poster.id,
      fromHandle: board!.poster.handle,
      subject: postWriter.subject(),
      body: postWriter.body(),
      ...(replyToId === undefined ? {} : { replyToId }),
    });
  bench("post", "post one message", () => post(), true);
  bench("post", "post a reply", () => post(board!.parentId));
  const importBatch: ImportedMessage[] = Array.from({ length: 1000 }, () => ({
    fromHandle: "importer@example.org",
    subject: postWriter.subject(),
    body: postWriter.body(),
    createdAt: new Date(),
  }));
  Deno.bench({
    name: "import 1,000 messages (one importMessages call)",
    group: `${name}: post`,
    ignore,
    n: 10,
    warmup: 1,
    async fn() {
      await cached!.importMessages(board!.postArea.id, importBatch);
    },
  });

  bench(
    "new-scan and menu",
    "newScan: 45 areas, 0–150 unread each",
    () => plain!.newScan(board!.reader.id, 10),
    true,
  );
  bench(
    "new-scan and menu",
    "menuCounters",
    () => plain!.menuCounters(board!.reader.id, 10),
  );
  bench(
    "new-scan and menu",
    "newScan: a new caller, everything unread",
    () => plain!.newScan(board!.newcomer.id, 10),
  );
  bench("new-scan and menu", "listAreas, uncached", () => plain!.listAreas({ level: 10 }));
  bench("new-scan and menu", "listAreas, cached", () => cached!.listAreas({ level: 10 }));
}

// Deno.bench has no after-all hook; this runs last, and only its first run does anything.
let tornDown: Promise<void> | undefined;
async function tearDown() {
  for (const { name, cached } of backends) {
    if (cached === undefined) continue;
    const { cacheHits, cacheMisses } = cached.stats;
    console.log(
      `${name}: read cache ${cacheHits} hits, ${cacheMisses} misses ` +
        `(${(100 * cacheHits / Math.max(1, cacheHits + cacheMisses)).toFixed(1)}% hits)`,
    );
  }
  sqliteRaw.close();
  await sqliteCached.close();
  await sqlitePlain.close();
  await Deno.remove(dir, { recursive: true });
  await pgCached?.close();
  await pgPlain?.close();
  await schema?.drop();
}
Deno.bench({
  name: "teardown (not a measurement): close stores, drop the schema, remove the temp dir",
  group: "teardown",
  n: 1,
  warmup: 0,
  async fn() {
    await (tornDown ??= tearDown());
  },
});
