import assert from "node:assert/strict";
import { sha256File } from "../src/transfer/zmodem/_lrzsz.ts";
import { startTestDaemon, type TestDaemon } from "./support/daemon.ts";
import {
  applyAsNew,
  logIn,
  PASSWORD,
  sayGoodbye,
  startDownload,
  startUpload,
} from "./support/flows.ts";
import type { HandOverOptions, TelnetTestClient } from "./support/telnet_client.ts";

function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
  }
  return bytes;
}

/** A board with a sysop and a file area "uploads", and a caller at the file menu. */
async function boardWithFiles(): Promise<{ daemon: TestDaemon; work: string }> {
  const daemon = await startTestDaemon();
  const work = await Deno.makeTempDir({ prefix: "carrier-files-" });
  const add = await daemon.carrier(["user", "add", "Sysop", "--sysop"], `${PASSWORD}\n`);
  assert.equal(add.code, 0, add.stderr);
  const area = await daemon.carrier(["filearea", "add", "uploads", "--name", "Uploads"]);
  assert.equal(area.code, 0, area.stderr);
  return { daemon, work };
}

async function fileMenu(client: TelnetTestClient): Promise<void> {
  await client.send("f");
  await client.expect("File areas");
  await client.expect("Command: ");
}

/** Downloads `names` by ZMODEM into `into` with lrzsz's `rz`. */
async function download(
  client: TelnetTestClient,
  names: string,
  into: string,
  rzArgs: string[] = [],
  line: Omit<HandOverOptions, "cwd"> = {},
) {
  await startDownload(client, names);
  return await client.handOver("rz", ["-b", "-y", ...rzArgs], { cwd: into, ...line });
}

/** Uploads `paths` (relative to `cwd`) by ZMODEM with lrzsz's `sz`. */
async function upload(
  client: TelnetTestClient,
  paths: string[],
  cwd: string,
  line: Omit<HandOverOptions, "cwd"> = {},
) {
  await startUpload(client);
  return await client.handOver("sz", ["-b", ...paths], { cwd, ...line });
}

Deno.test("ZMODEM with lrzsz: a file the sysop added downloads intact, and an upload arrives intact", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const original = `${work}/board.bin`;
    await Deno.writeFile(original, randomBytes(1024 * 1024 + 77));
    const added = await daemon.carrier([
      "file",
      "add",
      "uploads",
      original,
      "--description",
      "Random bits",
    ]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added board\.bin \(1048653 bytes\) to uploads/);

    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Downloader");
    await fileMenu(caller);
    const into = await Deno.makeTempDir({ dir: work });
    const rz = await download(caller, "BOARD.BIN", into);
    assert.equal(rz.code, 0, rz.stderr);
    await caller.expect(/Sent board\.bin: 1\.0 MB in [\d.]+ s/);
    assert.equal(await sha256File(`${into}/board.bin`), await sha256File(original));

    const mine = `${work}/mine.dat`;
    await Deno.writeFile(mine, randomBytes(300_000));
    const sz = await upload(caller, ["mine.dat"], work);
    assert.equal(sz.code, 0, sz.stderr);
    await caller.expect("Describe mine.dat: ");
    await caller.line("My own upload");
    await caller.expect(/Received mine\.dat: 293\.0 KB in/);
    await caller.expect("Command: ");

    // The upload is listed and downloads back byte for byte.
    const back = await Deno.makeTempDir({ dir: work });
    const again = await download(caller, "mine.dat", back);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await sha256File(`${back}/mine.dat`), await sha256File(mine));
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

/** Bytes that all need ZMODEM escaping (and telnet's IAC), with CR after @ in between. */
function awkwardBytes(): Uint8Array {
  const pattern = [
    0x18,
    0x10,
    0x11,
    0x13,
    0x90,
    0x91,
    0x93,
    0xff,
    0x7f,
    0x40,
    0x0d,
    0x0d,
    0x0a,
    0x00,
  ];
  return Uint8Array.from({ length: 20_000 }, (_, i) => pattern[i % pattern.length]!);
}

Deno.test("ZMODEM with lrzsz: every awkward size and byte goes both ways intact", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const sizes = [0, 1, 1023, 1024, 1025];
    const up = `${work}/up`;
    await Deno.mkdir(up);
    for (const size of sizes) await Deno.writeFile(`${up}/size${size}.bin`, randomBytes(size));
    await Deno.writeFile(`${up}/awkward.bin`, awkwardBytes());
    const names = [...sizes.map((size) => `size${size}.bin`), "awkward.bin"];

    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Sizes");
    await fileMenu(caller);
    const sz = await upload(caller, names, up);
    assert.equal(sz.code, 0, sz.stderr);
    for (const name of names) {
      await caller.expect(`Describe ${name}: `);
      await caller.line(`test file ${name}`);
    }
    await caller.expect("Command: ");
    for (const size of sizes.filter((size) => size > 0)) {
      assert.match(caller.text, new RegExp(`Received size${size}\\.bin: `));
    }

    // All six back in one batch.
    const down = `${work}/down`;
    await Deno.mkdir(down);
    const rz = await download(caller, names.join(" "), down);
    assert.equal(rz.code, 0, rz.stderr);
    for (const name of names) {
      assert.equal(await sha256File(`${down}/${name}`), await sha256File(`${up}/${name}`), name);
    }
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("ZMODEM with lrzsz: 64 MiB of random data down and up", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const big = `${work}/big.bin`;
    await Deno.writeFile(big, randomBytes(64 * 1024 * 1024));
    const added = await daemon.carrier(["file", "add", "uploads", big]);
    assert.equal(added.code, 0, added.stderr);
    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Bulk");
    await fileMenu(caller);
    const down = await Deno.makeTempDir({ dir: work });
    const rz = await download(caller, "big.bin", down);
    assert.equal(rz.code, 0, rz.stderr);
    assert.equal(await sha256File(`${down}/big.bin`), await sha256File(big));
    await caller.expect("Command: ");

    await Deno.rename(`${down}/big.bin`, `${down}/copy.bin`);
    const sz = await upload(caller, ["copy.bin"], down);
    assert.equal(sz.code, 0, sz.stderr);
    await caller.expect("Describe copy.bin: ");
    await caller.line("");
    // The same content is on the board already.
    await caller.expect("copy.bin is already here as big.bin in Uploads.");
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("a cancel from the caller's side stops a download and an upload cleanly", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const big = `${work}/big.bin`;
    await Deno.writeFile(big, randomBytes(8 * 1024 * 1024));
    await daemon.carrier(["file", "add", "uploads", big]);
    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Quitter");
    await fileMenu(caller);
    const into = await Deno.makeTempDir({ dir: work });
    await download(caller, "big.bin", into, [], { cancelAfterBytes: 1024 * 1024 });
    await caller.expect(/Download stopped: .*cancel/i);
    await caller.expect("Command: ");

    const mine = `${work}/mine.bin`;
    await Deno.writeFile(mine, randomBytes(8 * 1024 * 1024));
    await upload(caller, ["mine.bin"], work, { cancelAfterBytes: 1024 * 1024 });
    await caller.expect(/Upload stopped: .*cancel/i);
    await caller.expect("Command: ");
    const listed = await daemon.carrier(["filearea", "list"]);
    assert.match(
      listed.stdout,
      /^uploads\s+Uploads\s+0\s+0\s+1\s+8388608$/m,
      "the cancelled upload is not listed",
    );
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("a board shutting down cancels a transfer so the caller's rz stops too", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const big = `${work}/big.bin`;
    await Deno.writeFile(big, randomBytes(256 * 1024 * 1024));
    await daemon.carrier(["file", "add", "uploads", big]);
    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Interrupted");
    await fileMenu(caller);
    const into = await Deno.makeTempDir({ dir: work });
    const rz = download(caller, "big.bin", into);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await daemon.stop("SIGTERM");
    const result = await rz;
    assert.notEqual(result.code, 0, "rz must not think the file arrived");
    assert.doesNotMatch(daemon.stderr(), /Session failed/);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("a lost line mid-transfer resumes from where it stopped, both ways", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const mine = `${work}/resume.bin`;
    await Deno.writeFile(mine, randomBytes(4 * 1024 * 1024));
    const first = await daemon.call({ emulate: false });
    await applyAsNew(first, "Resumer");
    await fileMenu(first);
    await upload(first, ["resume.bin"], work, { cutAfterBytes: 1536 * 1024 });
    await first.closed;

    const second = await daemon.call({ emulate: false });
    await logIn(second, "Resumer");
    await fileMenu(second);
    const sz = await upload(second, ["resume.bin"], work);
    assert.equal(sz.code, 0, sz.stderr);
    await second.expect("Describe resume.bin: ");
    await second.line("");
    // Fewer than the whole 4 MiB crossed the second time.
    const received = await second.expect(/Received resume\.bin: [\d.]+ [KM]B/);
    const [, amount, unit] = /Received resume\.bin: ([\d.]+) ([KM]B)/.exec(received)!;
    assert.ok(Number(amount) * (unit === "MB" ? 1024 : 1) < 4 * 1024 - 1000, received);

    // Download: rz keeps the part file; `rz -r` asks the board to go on from its length.
    const into = await Deno.makeTempDir({ dir: work });
    await download(second, "resume.bin", into, [], { cutAfterBytes: 1536 * 1024 });
    await second.closed;

    const third = await daemon.call({ emulate: false });
    await logIn(third, "Resumer");
    await fileMenu(third);
    const rz = await download(third, "resume.bin", into, ["-r"]);
    assert.equal(rz.code, 0, rz.stderr);
    await third.expect(/Sent resume\.bin: /);
    assert.equal(await sha256File(`${into}/resume.bin`), await sha256File(mine));
    await third.expect("Command: ");
    await third.send("q");
    await sayGoodbye(third);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("YMODEM and XMODEM with lrzsz: a batch each way and a single XMODEM download", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    const up = `${work}/up`;
    await Deno.mkdir(up);
    const names = ["one.txt", "two.bin", "three.dat"];
    for (const [i, name] of names.entries()) {
      await Deno.writeFile(`${up}/${name}`, randomBytes(5000 * (i + 1) + i));
    }
    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Oldschool");
    await fileMenu(caller);
    await startUpload(caller, "y");
    const sb = await caller.handOver("sb", names, { cwd: up });
    assert.equal(sb.code, 0, sb.stderr);
    for (const name of names) {
      await caller.expect(`Describe ${name}: `);
      await caller.line("");
    }
    await caller.expect("Command: ");

    const down = `${work}/down`;
    await Deno.mkdir(down);
    await startDownload(caller, names.join(" "), "y");
    const rb = await caller.handOver("rb", ["-y"], { cwd: down });
    assert.equal(rb.code, 0, rb.stderr);
    for (const name of names) {
      assert.equal(await sha256File(`${down}/${name}`), await sha256File(`${up}/${name}`), name);
    }
    await caller.expect("Command: ");

    const xdown = `${work}/x`;
    await Deno.mkdir(xdown);
    await startDownload(caller, "two.bin", "x");
    const rx = await caller.handOver("rx", ["-c", "-y", "two.bin"], { cwd: xdown });
    assert.equal(rx.code, 0, rx.stderr);
    // XMODEM pads the last block with SUB (0x1A): the data is the file, then padding only.
    const sent = await Deno.readFile(`${up}/two.bin`);
    const got = await Deno.readFile(`${xdown}/two.bin`);
    assert.deepEqual(got.subarray(0, sent.length), sent);
    assert.ok(got.subarray(sent.length).every((b) => b === 0x1a));
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("a name taken is checked as the vault lists it, before the file is sent again", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    // "?" is not kept in a listed name: it becomes "_".
    await Deno.writeFile(`${work}/what?.dat`, new TextEncoder().encode("asking"));
    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Asker");
    await fileMenu(caller);
    const first = await upload(caller, ["what?.dat"], work);
    assert.equal(first.code, 0, first.stderr);
    await caller.expect("Describe what_.dat: ");
    await caller.line("a question");
    await caller.expect("Received what_.dat");
    await caller.expect("Command: ");
    await upload(caller, ["what?.dat"], work);
    await caller.expect("what_.dat is already in Uploads: skipped.");
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});

Deno.test("uploads are checked: path names, the area's size limit, names taken, levels", async () => {
  const { daemon, work } = await boardWithFiles();
  try {
    await daemon.carrier([
      "filearea",
      "add",
      "small",
      "--name",
      "Small Files",
      "--max-size",
      "1000",
    ]);
    await daemon.carrier(["filearea", "add", "staff", "--name", "Staff Only", "--download", "50"]);
    await Deno.mkdir(`${work}/deep/inside`, { recursive: true });
    await Deno.writeFile(`${work}/deep/evil.txt`, new TextEncoder().encode("a path name"));
    await Deno.writeFile(`${work}/big.bin`, randomBytes(5000));

    const caller = await daemon.call({ emulate: false });
    await applyAsNew(caller, "Tester");
    await fileMenu(caller);
    // sz -f sends "../evil.txt" as the name; the board keeps only the last part.
    await startUpload(caller);
    const sz = await caller.handOver("sz", ["-b", "-f", "../evil.txt"], {
      cwd: `${work}/deep/inside`,
    });
    assert.equal(sz.code, 0, sz.stderr);
    await caller.expect("Describe evil.txt: ");
    await caller.line("not a path");
    await caller.expect("Received evil.txt");
    await caller.expect("Command: ");

    // The same name again is skipped.
    await upload(caller, ["evil.txt"], `${work}/deep`);
    await caller.expect("evil.txt is already in Uploads: skipped.");
    await caller.expect("Command: ");

    // The small area takes at most 1000 bytes a file; the staff area is not offered at all.
    await caller.send("a");
    await caller.expect("Area number");
    assert.match(caller.text, /Small Files/);
    assert.doesNotMatch(caller.text, /Staff Only/);
    await caller.line("2");
    await caller.expect("Command: ");
    await upload(caller, ["big.bin"], work);
    await caller.expect(/Cannot receive "big\.bin": it is 5000 bytes, and the limit here is 1000/);
    await caller.expect("Command: ");

    // Search finds by name pattern and by description, across areas.
    await caller.send("s");
    await caller.expect("Name pattern");
    await caller.line("*.txt");
    await caller.expect("(Enter for any): ");
    await caller.line("");
    await caller.expect("1 file found.");
    assert.match(caller.text, /evil\.txt[\s\S]*in Uploads/);
    await caller.expect("Command: ");
    await caller.send("s");
    await caller.expect("Name pattern");
    await caller.line("");
    await caller.expect("(Enter for any): ");
    await caller.line("NOT A PATH");
    await caller.expect("1 file found.");
    await caller.expect("Command: ");
    await caller.send("q");
    await sayGoodbye(caller);

    const listed = await daemon.carrier(["filearea", "list"]);
    assert.match(listed.stdout, /^uploads\s+Uploads\s+0\s+0\s+1\s+11$/m);
    assert.match(listed.stdout, /^small\s+Small Files\s+0\s+0\s+0\s+0$/m);
    const refused = await daemon.carrier(["filearea", "delete", "uploads"]);
    assert.equal(refused.code, 1);
    const deleted = await daemon.carrier(["filearea", "delete", "uploads", "--force"]);
    assert.equal(deleted.stdout.trim(), "Deleted file area uploads and its 1 files");
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
});
