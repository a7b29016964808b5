// Structural signatures of module subtrees: a 64-bit hash of a signature's parts, so views
// can fold identical blocks ("Block x 12") and find repeated structure without comparing trees.
// Does not: decide what a signature contains (the frameworks' extractors do).

/** 64-bit structural hash (two FNV-1a lanes with different seeds) as hex, of the parts joined. */
export function structuralHash(parts: string[]): string {
  let length = 0;
  for (const s of parts) {
    length += s.length;
  }
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ length;
  for (const s of parts) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    }
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
