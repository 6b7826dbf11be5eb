import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32, inflateRawSync } from 'node:zlib';
import { crc32Combine } from '../output/zip/crc32Combine.js';
import { deflatePiece, FINAL_BLOCK, joinDeflated } from '../output/zip/deflateSpool.js';

describe('crc32Combine', () => {
  it('gives the CRC of the concatenation from the two CRCs and the second length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 5000 }), (a, b) => {
        const [ba, bb] = [Buffer.from(a), Buffer.from(b)];
        expect(crc32Combine(crc32(ba), crc32(bb), bb.length)).toBe(crc32(Buffer.concat([ba, bb])));
      }),
    );
  });
});

describe('pieces deflated apart', () => {
  it('join into one deflate stream of the whole text, with its CRC and sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 2000 }), { maxLength: 8 }), (texts) => {
        const joined = joinDeflated(texts);
        const bytes = Buffer.concat(joined.chunks.map((c) => (Buffer.isBuffer(c) ? c : Buffer.alloc(0))));
        const whole = Buffer.from(texts.join(''), 'utf8');
        expect(inflateRawSync(bytes).equals(whole)).toBe(true);
        expect(joined.crc).toBe(crc32(whole));
        expect(joined.size).toBe(whole.length);
        expect(joined.compressedSize).toBe(bytes.length);
      }),
    );
    // a piece ends on a byte boundary without closing the stream
    expect(() => inflateRawSync(deflatePiece(Buffer.from('x')))).toThrow();
    expect(inflateRawSync(Buffer.concat([deflatePiece(Buffer.from('x')), FINAL_BLOCK])).toString()).toBe('x');
  });
});
