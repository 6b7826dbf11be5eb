import { ExtractError, type Extracted, type Extractor } from './extracted.js';

/** Encodings tried, in order, for a .txt without a byte-order mark. */
export const TXT_FALLBACK_ENCODINGS = ['utf-8', 'gb18030'] as const;

/** Share of C0 control bytes (other than tab, LF, VT, FF, CR, SUB, ESC; DEL is not counted) above which a file counts as binary. */
const CONTROL_RATIO_LIMIT = 0.05;

/** Is this code unit / byte a control character that never appears in ordinary text? */
function isStrayControl(c: number): boolean {
  if (c >= 0x09 && c <= 0x0d) return false; // \t \n \v \f \r
  if (c === 0x1a || c === 0x1b) return false; // DOS EOF marker, ESC
  return c < 0x20;
}

function controlRatio(units: ArrayLike<number>): number {
  if (units.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < units.length; i++) if (isStrayControl(units[i])) n++;
  return n / units.length;
}

function textControlRatio(text: string): number {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (isStrayControl(text.charCodeAt(i))) n++;
  return n / text.length;
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM: true keeps the decoder from silently eating a BOM; we strip BOMs ourselves.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export type BomEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The encoding announced by a byte-order mark, and the BOM's length in bytes. */
export function sniffBom(bytes: Uint8Array): { encoding: BomEncoding; length: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Decode a plain-text file: UTF-8 (BOM optional, stripped), UTF-16 LE/BE with BOM (stripped),
 * else strict UTF-8, else strict GB18030 (a superset of GBK/GB2312). The text is otherwise
 * returned exactly as decoded (no newline normalisation), so offsets point into it.
 *
 * Errors: `empty-file` (0 bytes or whitespace only), `binary-file` (NUL bytes without a UTF-16 BOM,
 * or many control characters), `undecodable` (no encoding decodes the bytes strictly).
 */
export const txtExtractor: Extractor = async (bytes: Uint8Array, fileName: string): Promise<Extracted> => {
  if (bytes.length === 0) throw new ExtractError('empty-file', `${fileName}: file is empty (0 bytes)`);

  const bom = sniffBom(bytes);
  let text: string | undefined;
  let encoding: string;

  if (bom) {
    encoding = bom.encoding;
    text = decodeStrict(bom.encoding, bytes.subarray(bom.length));
    if (text === undefined) {
      throw new ExtractError(
        'undecodable',
        `${fileName}: has a ${bom.encoding} byte-order mark but is not valid ${bom.encoding} (tried: ${bom.encoding})`,
      );
    }
    if (bom.encoding !== 'utf-8' && textControlRatio(text) > CONTROL_RATIO_LIMIT) {
      throw new ExtractError('binary-file', `${fileName}: looks binary (many control characters after ${encoding} decoding)`);
    }
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      throw new ExtractError('binary-file', `${fileName}: looks binary (NUL byte at offset ${nul}, no UTF-16 byte-order mark)`);
    }
    // C0 control bytes are single ASCII bytes in both UTF-8 and GB18030, so counting bytes is fair.
    const ratio = controlRatio(bytes);
    if (ratio > CONTROL_RATIO_LIMIT) {
      throw new ExtractError(
        'binary-file',
        `${fileName}: looks binary (${(ratio * 100).toFixed(1)}% control bytes)`,
      );
    }
    encoding = '';
    for (const enc of TXT_FALLBACK_ENCODINGS) {
      text = decodeStrict(enc, bytes);
      if (text !== undefined) {
        encoding = enc;
        break;
      }
    }
    if (text === undefined) {
      throw new ExtractError(
        'undecodable',
        `${fileName}: bytes are not valid in any of the encodings tried (tried: ${TXT_FALLBACK_ENCODINGS.join(', ')})`,
      );
    }
  }

  if (text.trim() === '') {
    throw new ExtractError('empty-file', `${fileName}: file contains only whitespace`);
  }
  return { format: 'txt', text, encoding };
};

export default txtExtractor;
