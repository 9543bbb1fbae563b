/**
 * The two checksums ZMODEM uses (zmodem.txt §7.3, §7.4):
 *
 * - CRC-16/XMODEM (poly 0x1021, init 0, not reflected, sent high byte first) for hex headers,
 *   ZBIN headers and their data subpackets. The spec's "updcrc with two zero bytes appended"
 *   is the same number as this non-augmented table form.
 * - CRC-32 as in zlib/Ethernet (reflected poly 0xEDB88320, init and final xor 0xFFFFFFFF,
 *   sent low byte first) for ZBIN32 headers and subpackets. `node:zlib`'s `crc32` computes
 *   exactly that, natively (tens of GB/s here, see `crc_bench.ts`, against about 1.8 GB/s
 *   for the slice-by-8 table below). Loading `node:zlib` costs start-up time, so it is loaded
 *   by {@linkcode loadNativeCrc32} before the first transfer; until then the table is used.
 *
 * @module
 */

type Crc32 = (data: Uint8Array, crc: number) => number;

let nativeCrc32: Crc32 | undefined;
let loading: Promise<void> | undefined;

/**
 * Switches {@linkcode crc32} to `node:zlib`'s native CRC-32. Call (and await) before a
 * transfer; later calls return the first call's promise. Results do not change, only speed.
 */
export function loadNativeCrc32(): Promise<void> {
  loading ??= import("node:zlib").then((zlib) => {
    nativeCrc32 = zlib.crc32;
  });
  return loading;
}

const CRC16_TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c = i << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? (c << 1) ^ 0x1021 : c << 1;
  CRC16_TABLE[i] = c & 0xffff;
}

// Eight tables for slice-by-8; table 0 is the classic byte-at-a-time table.
const CRC32_TABLES = new Uint32Array(256 * 8);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  CRC32_TABLES[i] = c >>> 0;
}
for (let i = 0; i < 256; i++) {
  let c = CRC32_TABLES[i]!;
  for (let t = 1; t < 8; t++) {
    c = (c >>> 8) ^ CRC32_TABLES[c & 0xff]!;
    CRC32_TABLES[t * 256 + i] = c >>> 0;
  }
}

/**
 * CRC-16/XMODEM of `data`, continuing from `crc` (0 to start).
 *
 * @example
 * ```ts
 * crc16(new TextEncoder().encode("123456789")); // 0x31c3
 * ```
 */
export function crc16(data: Uint8Array, crc = 0): number {
  const table = CRC16_TABLE;
  for (let i = 0; i < data.length; i++) {
    crc = ((crc << 8) ^ table[((crc >>> 8) ^ data[i]!) & 0xff]!) & 0xffff;
  }
  return crc;
}

/** CRC-16/XMODEM continued by one byte `b`. */
export function crc16Byte(crc: number, b: number): number {
  return ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ b) & 0xff]!) & 0xffff;
}

/**
 * CRC-32 of `data`, continuing from a previous result `crc` (0 to start): natively by
 * `node:zlib` once {@linkcode loadNativeCrc32} has settled, by table before. Returns an
 * unsigned 32-bit number.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * ```
 */
export function crc32(data: Uint8Array, crc = 0): number {
  return nativeCrc32 ? nativeCrc32(data, crc) : crc32Table(data, crc);
}

/** CRC-32 continued by one byte `b` (for the frame-end byte after a subpacket's data). */
export function crc32Byte(crc: number, b: number): number {
  const c = ~crc;
  return ~((c >>> 8) ^ CRC32_TABLES[(c ^ b) & 0xff]!) >>> 0;
}

/**
 * CRC-32 by a slice-by-8 table in JavaScript: the same result as {@linkcode crc32}, for the
 * bench baseline and until `node:zlib` is loaded.
 */
export function crc32Table(data: Uint8Array, crc = 0): number {
  const t = CRC32_TABLES;
  let c = ~crc;
  let i = 0;
  const n = data.length;
  const end8 = n - (n & 7);
  for (; i < end8; i += 8) {
    const a = c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24));
    c = t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]! ^
      t[768 + data[i + 4]!]! ^ t[512 + data[i + 5]!]! ^ t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < n; i++) c = (c >>> 8) ^ t[(c ^ data[i]!) & 0xff]!;
  return ~c >>> 0;
}
