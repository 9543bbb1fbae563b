/**
 * Both codecs back to back in memory, no pipes or files: what the ZMODEM work itself costs
 * (escape, CRC-32, unescape, check, batching) per 16 MiB of random data.
 * Run: deno bench -A src/transfer/zmodem/codec_bench.ts   (MB/s = 16.8 MB / time per iteration)
 */

import { loadNativeCrc32 } from "./crc.ts";
import { ZmodemReceiver } from "./receiver.ts";
import { ZmodemSender } from "./sender.ts";

await loadNativeCrc32();

const SIZE = 16 << 20;
const data = new Uint8Array(SIZE);
for (let i = 0; i < SIZE; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));

async function loopback(escapeIac: boolean): Promise<void> {
  const peers: { receiver?: ZmodemReceiver } = {};
  const sender = new ZmodemSender({
    announce: false,
    escapeIac,
    sink: { write: async (bytes) => await peers.receiver?.push(bytes) },
    files: [{
      name: "random.bin",
      size: SIZE,
      read(offset, into) {
        const n = Math.min(into.length, SIZE - offset);
        into.set(data.subarray(offset, offset + n));
        return Promise.resolve(n);
      },
    }],
  });
  const receiver = peers.receiver = new ZmodemReceiver({
    sink: { write: (bytes) => sender.push(bytes) },
    target: {
      open: () => Promise.resolve({ resumeAt: 0 }),
      write: () => Promise.resolve(),
      finish: () => Promise.resolve(),
    },
  });
  const [sent, received] = await Promise.all([sender.start(), receiver.start()]);
  if (!sent.ok || !received.ok) throw new Error("loopback transfer failed");
}

Deno.bench({
  name: "16 MiB sender → receiver",
  group: "codecs in memory",
  baseline: true,
  n: 10,
  warmup: 2,
  // An async function: Deno.bench awaits only those, not a plain function returning a promise.
  async fn() {
    await loopback(false);
  },
});
Deno.bench({
  name: "16 MiB sender → receiver, escapeIac",
  group: "codecs in memory",
  n: 10,
  warmup: 2,
  async fn() {
    await loopback(true);
  },
});
