/**
 * crc32Combine(crcA, crcB, lengthB): the CRC-32 of A followed by B, from the CRC of each and B's
 * length, without the bytes (zlib's crc32_combine, by GF(2) matrix squaring). A sheet is
 * assembled from pieces deflated and checksummed separately; this gives the entry's CRC.
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  // the operator for one zero bit
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  squareInto(even, odd); // two zero bits
  squareInto(odd, even); // four zero bits
  let crc = crcA >>> 0;
  let len = lengthB;
  // apply len zero bytes to crcA (the first square makes the operator for one zero byte)
  do {
    squareInto(even, odd);
    if (len % 2 === 1) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    squareInto(odd, even);
    if (len % 2 === 1) crc = times(odd, crc);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (crc ^ crcB) >>> 0;
}

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0, v = vector >>> 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= matrix[i];
  return sum >>> 0;
}

function squareInto(square: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = times(matrix, matrix[n]);
}
