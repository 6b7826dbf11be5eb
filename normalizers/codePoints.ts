/** Maps UTF-16 indices of `text` to code-point indices, the unit the output contract uses. */
export function codePointIndex(text: string): (utf16: number) => number {
  const table = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = cp;
    const c = text.charCodeAt(i);
    // a high surrogate and its low surrogate make one code point
    if (!(c >= 0xd800 && c <= 0xdbff && i + 1 < text.length)) cp++;
  }
  table[text.length] = cp;
  return (i) => table[Math.min(Math.max(i, 0), text.length)];
}
