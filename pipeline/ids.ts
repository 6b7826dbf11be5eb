import { hash } from 'node:crypto';

/** sha256 as hex, in one call (crypto.hash: no Hash object a call, which counts at an id per entity). */
export function sha256Hex(data: Uint8Array | string): string {
  return hash('sha256', data, 'hex');
}

/** Stable ids: derived from content and position, never from run order. */
export function docId(sourceSha256: string, part: number): string {
  return sha256Hex(`${sourceSha256}\u0000${part}`).slice(0, 16);
}

export function measureId(documentId: string, path: readonly string[]): string {
  return sha256Hex(`${documentId}\u0000${path.join('/')}`).slice(0, 16);
}
