import assert from "node:assert/strict";
import { type Receiver, TcpLine } from "./connection.ts";

/** A connected pair over loopback: the board's end wrapped as a line, and the caller's end. */
async function linePair(lingerMs?: number): Promise<{ line: TcpLine; caller: Deno.TcpConn }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const [board, caller] = await Promise.all([
    listener.accept(),
    Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port }),
  ]);
  listener.close();
  return { line: new TcpLine(board, lingerMs), caller };
}

/** Collects what the board receives and whether it heard the hang-up. */
function recorder(): Receiver & { received: number; hungUp: boolean } {
  return {
    received: 0,
    hungUp: false,
    receive(bytes) {
      this.received += bytes.length;
    },
    hangup() {
      this.hungUp = true;
    },
  };
}

/** Reads `conn` to EOF; rejects on a reset. */
async function readAll(conn: Deno.TcpConn): Promise<string> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(65536);
  let text = "";
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) break;
    text += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
  return text + decoder.decode();
}

Deno.test("a caller hanging up ends the read loop and releases the board's socket", async () => {
  const { line, caller } = await linePair();
  const receiver = recorder();
  const pumping = line.pump(receiver);
  await caller.write(new TextEncoder().encode("hello"));
  caller.close();
  await pumping;
  assert.equal(receiver.received, 5);
  assert.ok(receiver.hungUp);
  await assert.rejects(line.write(new Uint8Array(1)), Deno.errors.BadResource, "released");
});

Deno.test("all the board sent arrives though the caller's typing was still unread", async () => {
  const { line, caller } = await linePair();
  const receiver = recorder();
  // The caller types while the board sends more than the socket buffers hold and hangs up
  // right after its last write: its input unread, much of its output not yet sent.
  await caller.write(new Uint8Array(64 * 1024).fill(0x61));
  const payload = new Uint8Array(16 << 20).fill(0x62);
  payload.set(new TextEncoder().encode("END"), payload.length - 3);
  const sending = (async () => {
    for (let at = 0; at < payload.length;) at += await line.write(payload.subarray(at));
    line.close();
  })();
  let total = 0;
  let tail = "";
  const buffer = new Uint8Array(65536);
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (;;) {
    const n = await caller.read(buffer);
    if (n === null) break;
    total += n;
    if (n >= 3) tail = new TextDecoder().decode(buffer.subarray(n - 3, n));
  }
  await sending;
  assert.equal(total, payload.length, "FIN after the last byte, not a reset");
  assert.equal(tail, "END");
  const pumping = line.pump(receiver);
  caller.close();
  await pumping;
  assert.ok(receiver.hungUp);
});

Deno.test("a caller who never hangs up is cut once the linger time passes", async () => {
  const { line, caller } = await linePair(50);
  const receiver = recorder();
  const pumping = line.pump(receiver);
  line.close();
  line.close();
  await pumping;
  assert.ok(receiver.hungUp);
  assert.equal(await readAll(caller), "");
  caller.close();
});
