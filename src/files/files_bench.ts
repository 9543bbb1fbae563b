// deno-lint-ignore-file no-console -- the bench reports throughput in MB/s beside deno bench's times
/**
 * The file areas' hot paths: hashing (BLAKE3 from hash-wasm in 64 KiB slices, with node:zlib's
 * CRC-32 beside it), the upload path (64 MiB through an `Upload`) against a plain
 * `Deno.writeFile` of the same bytes, and a 25-file listing with 100,000 files in 20 areas on
 * SQLite and, when CARRIER_TEST_PG_URL is set, on PostgreSQL in a scratch schema.
 *
 * `deno bench -A src/files/files_bench.ts`
 *
 * @module
 */

import { DatabaseSync } from "node:sqlite";
import { crc32 } from "node:zlib";
import postgres from "postgres";
import { type FileArea, type FileEntry, openStore, type Store } from "../storage/mod.ts";
import { createContentHasher, HASH_SLICE } from "./content_hash.ts";
import { openFileVault } from "./vault.ts";

const MiB = 1024 * 1024;
const HASHED = 16 * MiB;
const UPLOADED = 64 * MiB;
const FILES = 100_000;
const AREAS = 20;
const PG_URL = Deno.env.get("CARRIER_TEST_PG_URL") || undefined;

const data = new Uint8Array(UPLOADED);
let seed = 1;
for (let i = 0; i < data.length; i++) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  data[i] = seed >>> 24;
}
const dir = await Deno.makeTempDir({ prefix: "carrier_files_bench_" });

async function blake3Slices(bytes: Uint8Array): Promise<string> {
  const hasher = await createContentHasher();
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    hasher.update(bytes.subarray(at, at + HASH_SLICE));
  }
  return hasher.digest();
}

function crc32Slices(bytes: Uint8Array): number {
  let crc = 0;
  for (let at = 0; at < bytes.length; at += HASH_SLICE) {
    crc = crc32(bytes.subarray(at, at + HASH_SLICE), crc);
  }
  return crc;
}

const vault = await openFileVault(`${dir}/vault`, { durable: false });
const durableVault = await openFileVault(`${dir}/durable`);
let uploads = 0;

/** 64 MiB through an Upload in `chunk`-byte writes; the blob is removed after (not timed). */
async function uploadOnce(target = vault, chunk = HASH_SLICE, b?: Deno.BenchContext) {
  data[0] = ++uploads & 0xff; // new content each time: a rename, not a duplicate
  b?.start();
  const upload = await target.beginUpload({ userId: uploads, name: "bench.bin", size: UPLOADED });
  for (let at = 0; at < UPLOADED; at += chunk) await upload.write(data.subarray(at, at + chunk));
  const { hash } = await upload.finish();
  b?.end();
  await Deno.remove(target.pathOf(hash));
}

// A throughput summary (best of three), and the longest single 64 KiB hashing call: how long
// the event loop can be held.
async function best(label: string, bytes: number, run: () => unknown): Promise<void> {
  let fastest = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  console.log(`${label}: ${(bytes / MiB / (fastest / 1000)).toFixed(0)} MiB/s`);
}
await best(
  "BLAKE3 (hash-wasm, 64 KiB slices)",
  HASHED,
  () => blake3Slices(data.subarray(0, HASHED)),
);
await best(
  "CRC-32 (node:zlib, 64 KiB slices)",
  HASHED,
  () => crc32Slices(data.subarray(0, HASHED)),
);
await best("Upload, 64 KiB writes", UPLOADED, () => uploadOnce());
await best("Upload, 8 KiB writes", UPLOADED, () => uploadOnce(vault, 8192));
await best("Upload, 64 KiB writes, fsync", UPLOADED, () => uploadOnce(durableVault));
await best("Deno.writeFile", UPLOADED, () => Deno.writeFile(`${dir}/plain.bin`, data));
{
  const hasher = await createContentHasher();
  const times: number[] = [];
  for (let at = 0; at < HASHED; at += HASH_SLICE) {
    const started = performance.now();
    hasher.update(data.subarray(at, at + HASH_SLICE));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `BLAKE3 one 64 KiB call: median ${(times[times.length >> 1]! * 1000).toFixed(0)} µs, ` +
      `max ${(times.at(-1)! * 1000).toFixed(0)} µs`,
  );
}

Deno.bench("BLAKE3, 16 MiB in 64 KiB slices", { group: "hash", baseline: true }, async () => {
  await blake3Slices(data.subarray(0, HASHED));
});
Deno.bench("CRC-32 (node:zlib), 16 MiB in 64 KiB slices", { group: "hash" }, () => {
  crc32Slices(data.subarray(0, HASHED));
});

Deno.bench(
  "Deno.writeFile 64 MiB",
  { group: "write", baseline: true, n: 10, warmup: 2 },
  async () => {
    await Deno.writeFile(`${dir}/plain.bin`, data);
  },
);
Deno.bench("Upload 64 MiB, 64 KiB writes", { group: "write", n: 10, warmup: 2 }, async (b) => {
  await uploadOnce(vault, HASH_SLICE, b);
});
Deno.bench("Upload 64 MiB, 8 KiB writes", { group: "write", n: 10, warmup: 2 }, async (b) => {
  await uploadOnce(vault, 8192, b);
});
Deno.bench(
  "Upload 64 MiB, 64 KiB writes, fsync",
  { group: "write", n: 10, warmup: 2 },
  async (b) => {
    await uploadOnce(durableVault, HASH_SLICE, b);
  },
);

/** Files spread over the areas in turn, with unique names, hashes and times (raw SQL: fast). */
async function seedSqlite(): Promise<Store> {
  const store = await openStore(`sqlite:${dir}/carrier.db`);
  await store.migrate();
  const areas: FileArea[] = [];
  for (let a = 1; a <= AREAS; a++) {
    areas.push(await store.createFileArea({ tag: `area${a}`, name: `Area ${a}` }));
  }
  const db = new DatabaseSync(`${dir}/carrier.db`);
  const insert = db.prepare(`INSERT INTO files (area_id, name, name_key, size, hash, description,
    description_key, uploader_handle, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'Sysop', ?)`);
  db.exec("BEGIN");
  for (let i = 0; i < FILES; i++) {
    const name = `FILE${String(i).padStart(6, "0")}.ZIP`;
    const description = `Shareware title number ${i}`;
    insert.run(
      areas[i % AREAS]!.id,
      name,
      name.toLowerCase(),
      1000 + i,
      i.toString(16).padStart(64, "0"),
      description,
      description.toLowerCase(),
      Date.UTC(1990, 0, 1) + i * 60_000,
    );
  }
  db.exec("COMMIT");
  db.close();
  return store;
}

async function seedPostgres(url: string): Promise<{ store: Store; drop: () => Promise<void> }> {
  const schema = `carrier_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const scoped = new URL(url);
  scoped.searchParams.set("search_path", schema);
  const sql = postgres(scoped.href, { max: 1, onnotice: () => {}, fetch_types: false });
  await sql`CREATE SCHEMA ${sql(schema)}`;
  const store = await openStore(scoped.href);
  await store.migrate();
  for (let a = 1; a <= AREAS; a++) {
    await store.createFileArea({ tag: `area${a}`, name: `Area ${a}` });
  }
  await sql`
    INSERT INTO files (area_id, name, name_key, size, hash, description, description_key,
      uploader_handle, uploaded_at)
    SELECT a.id, 'FILE' || lpad(n::text, 6, '0') || '.ZIP', 'file' || lpad(n::text, 6, '0') || '.zip',
      1000 + n, lpad(to_hex(n), 64, '0'), 'Shareware title number ' || n,
      'shareware title number ' || n, 'Sysop', timestamptz '1990-01-01' + n * interval '1 minute'
    FROM generate_series(0, ${FILES - 1}) AS n
    JOIN file_areas a ON a.tag = 'area' || (n % ${AREAS} + 1)`;
  await sql`ANALYZE files`;
  const drop = async () => {
    await store.close();
    await sql`DROP SCHEMA ${sql(schema)} CASCADE`;
    await sql.end();
  };
  return { store, drop };
}

const sqlite = await seedSqlite();
const pg = PG_URL === undefined ? undefined : await seedPostgres(PG_URL);

for (const [name, store] of [["sqlite", sqlite], ["postgres", pg?.store]] as const) {
  const ignore = store === undefined;
  const areas = store ? await store.listFileAreas({ level: 255 }) : [];
  const area = areas[7]?.id ?? 0;
  const middle: FileEntry | undefined = store
    ? (await store.listFiles(area, { limit: 1000 })).at(-1)
    : undefined;
  const group = `listing, ${name}`;
  Deno.bench(
    `${name}: 25 files by name, first page`,
    { group, ignore, baseline: true },
    async () => {
      await store!.listFiles(area);
    },
  );
  Deno.bench(`${name}: 25 files by name after 1,000`, { group, ignore }, async () => {
    await store!.listFiles(area, { after: middle! });
  });
  Deno.bench(`${name}: 25 newest files after 1,000`, { group, ignore }, async () => {
    await store!.listFiles(area, { order: "newest", after: middle! });
  });
  Deno.bench(`${name}: search *99.zip, one step (4,000 examined)`, { group, ignore }, async () => {
    await store!.searchFiles({ level: 255, pattern: "*99.zip" });
  });
  Deno.bench(`${name}: search text, one step (4,000 examined)`, { group, ignore }, async () => {
    await store!.searchFiles({ level: 255, text: "number 4242" });
  });
  Deno.bench(`${name}: listFileAreas (cached)`, { group, ignore }, async () => {
    await store!.listFileAreas({ level: 255 });
  });
}

let tornDown: Promise<void> | undefined;
Deno.bench({
  name: "teardown (not a measurement): close stores, drop the schema, remove the temp dir",
  group: "teardown",
  n: 1,
  warmup: 0,
  async fn() {
    await (tornDown ??= (async () => {
      await sqlite.close();
      await pg?.drop();
      await Deno.remove(dir, { recursive: true });
    })());
  },
});
