/**
 * CRC throughput: CRC-32 by node:zlib (native) against the slice-by-8 JavaScript table, and
 * the table-driven CRC-16/XMODEM. Run: deno bench -A src/transfer/zmodem/crc_bench.ts
 */

import { crc16, crc32, crc32Table, loadNativeCrc32 } from "./crc.ts";

await loadNativeCrc32();

for (const size of [8192, 65536]) {
  const data = crypto.getRandomValues(new Uint8Array(size));
  const group = `CRC ${size / 1024} KiB`;
  Deno.bench({
    name: `crc32 node:zlib ${size / 1024} KiB`,
    group,
    baseline: true,
    fn: () => {
      crc32(data);
    },
  });
  Deno.bench({
    name: `crc32 slice-by-8 table ${size / 1024} KiB`,
    group,
    fn: () => {
      crc32Table(data);
    },
  });
  Deno.bench({
    name: `crc16 table ${size / 1024} KiB`,
    group,
    fn: () => {
      crc16(data);
    },
  });
}
