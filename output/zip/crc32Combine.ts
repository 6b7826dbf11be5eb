/**
 * crc32Combine(crcA, crcB, lengthB): the CRC-32 of A followed by B, from the CRC of each and B's
 * length, without the bytes (zlib's crc32_combine as of 1.2.12: multiply crcA by x^(8·lengthB)
 * modulo the CRC polynomial, with a table of x^(2^k)). A sheet is assembled from pieces deflated
 * and checksummed separately; this gives the entry's CRC.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  // A's part is linear in crcA: with 0 (nothing before B, as at a span's start) it is 0
  if (crcA === 0) return crcB >>> 0;
  return (multModP(xToThe8n(lengthB), crcA >>> 0) ^ crcB) >>> 0;
}

/** The reflected CRC-32 polynomial. */
const POLY = 0xedb88320;

/** a(x)·b(x) modulo p(x), reflected bit order (x^0 is the top bit). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  let bb = b >>> 0;
  for (;;) {
    if (a & m) {
      p ^= bb;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    bb = bb & 1 ? (bb >>> 1) ^ POLY : bb >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) modulo p(x). */
const X2N = (() => {
  const table = new Uint32Array(32);
  let p = 0x40000000; // x^1
  table[0] = p;
  for (let k = 1; k < 32; k++) table[k] = p = multModP(p, p);
  return table;
})();

/** x^(8n) modulo p(x): n zero bytes. */
function xToThe8n(n: number): number {
  let p = 0x80000000; // x^0
  let k = 3; // 2^3 bits a byte
  for (let left = n; left > 0; left = Math.floor(left / 2), k++) if (left % 2 === 1) p = multModP(X2N[k & 31], p);
  return p;
}
