import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync } from 'node:fs';
import { openForWriting } from '../spareFiles.js';
import { FileWrites } from '../backgroundWrites.js';
import { type DeflatedData } from './deflateSpool.js';

/**
 * Writes a zip file of deflated entries whose CRC and sizes are known before their data (so
 * there are no data descriptors), every entry dated `when` (so the same entries give the same
 * bytes), with zip64 records where a size or offset passes 4 GiB; into `spare` written over in
 * place when given (see spareFiles.ts). Returns the file's size and sha256, and where each
 * entry's data starts. No zip library takes data that is already deflated in pieces; this is the
 * whole of the format the workbook needs.
 */
export function writeZip(file: string, entries: { name: string; data: DeflatedData }[], when: Date, spare?: string): { byteSize: number; sha256: string; dataOffsets: number[] } {
  const fd = openForWriting(file, spare);
  const writes = new FileWrites(fd, file);
  const hash = createHash('sha256');
  try {
    let offset = 0;
    const write = (bytes: Buffer): void => {
      writes.write(bytes);
      hash.update(bytes);
      offset += bytes.length;
    };
    const stamp = dosDateTime(when);
    const central: Buffer[] = [];
    const copyBuffer = Buffer.allocUnsafe(1 << 20);
    const dataOffsets: number[] = [];
    for (const { name, data } of entries) {
      const nameBytes = Buffer.from(name, 'utf8');
      const local = offset;
      const big = data.size >= MAX32 || data.compressedSize >= MAX32;
      const localExtra = big ? zip64Extra([data.size, data.compressedSize]) : Buffer.alloc(0);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(big ? 45 : 20, 4);
      header.writeUInt16LE(UTF8_NAMES, 6);
      header.writeUInt16LE(8, 8);
      header.writeUInt32LE(stamp, 10);
      header.writeUInt32LE(data.crc >>> 0, 14);
      header.writeUInt32LE(big ? MAX32 : data.compressedSize, 18);
      header.writeUInt32LE(big ? MAX32 : data.size, 22);
      header.writeUInt16LE(nameBytes.length, 26);
      header.writeUInt16LE(localExtra.length, 28);
      write(Buffer.concat([header, nameBytes, localExtra]));
      dataOffsets.push(offset);
      for (const chunk of data.chunks) {
        if (Buffer.isBuffer(chunk)) write(chunk);
        else chunk.from.copy(chunk.offset, chunk.length, copyBuffer, write);
      }
      if (offset - local - 30 - nameBytes.length - localExtra.length !== data.compressedSize) {
        throw new Error(`writeZip: ${name}: wrote a different number of bytes than its compressed size`);
      }

      const far = big || local >= MAX32;
      const centralExtra = far ? zip64Extra([data.size, data.compressedSize, local]) : Buffer.alloc(0);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(far ? 45 : 20, 4);
      entry.writeUInt16LE(far ? 45 : 20, 6);
      entry.writeUInt16LE(UTF8_NAMES, 8);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(stamp, 12);
      entry.writeUInt32LE(data.crc >>> 0, 16);
      entry.writeUInt32LE(far ? MAX32 : data.compressedSize, 20);
      entry.writeUInt32LE(far ? MAX32 : data.size, 24);
      entry.writeUInt16LE(nameBytes.length, 28);
      entry.writeUInt16LE(centralExtra.length, 30);
      entry.writeUInt32LE(far ? MAX32 : local, 42);
      central.push(entry, nameBytes, centralExtra);
    }

    const cdOffset = offset;
    const cd = Buffer.concat(central);
    write(cd);
    if (cdOffset >= MAX32 || cd.length >= MAX32 || entries.length >= 0xffff) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE(45, 12);
      record.writeUInt16LE(45, 14);
      record.writeBigUInt64LE(BigInt(entries.length), 24);
      record.writeBigUInt64LE(BigInt(entries.length), 32);
      record.writeBigUInt64LE(BigInt(cd.length), 40);
      record.writeBigUInt64LE(BigInt(cdOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(offset), 8);
      locator.writeUInt32LE(1, 16);
      write(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
    end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
    end.writeUInt32LE(Math.min(cd.length, MAX32), 12);
    end.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
    write(end);
    writes.drain();
    // a spare written over holds old bytes past the new end
    ftruncateSync(fd, offset);
    return { byteSize: offset, sha256: hash.digest('hex'), dataOffsets };
  } finally {
    // after the drain nothing is left to wait for or free; after a failure, the buffer goes back
    writes.discard();
    closeSync(fd);
  }
}

const MAX32 = 0xffffffff;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

/** MS-DOS date (high 16 bits) and time (low 16 bits) of `d` in UTC, clamped to 1980–2107. */
export function dosDateTime(d: Date): number {
  const year = d.getUTCFullYear();
  if (year < 1980) return ((0 << 9) | (1 << 5) | 1) * 0x10000;
  if (year > 2107) return ((127 << 9) | (12 << 5) | 31) * 0x10000 + ((23 << 11) | (59 << 5) | 29);
  const date = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  return date * 0x10000 + time;
}
