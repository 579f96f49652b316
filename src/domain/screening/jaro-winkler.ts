/**
 * Jaro-Winkler similarity of two strings, 0..1 (1: equal). Jaro counts the characters the two
 * share within a window and their transpositions; Winkler adds to it for a common prefix of up to
 * four characters (scale 0.1), since names typed wrong are mostly wrong late.
 */

// Screening compares tens of token pairs per candidate: the match flags live in buffers reused
// from call to call rather than two arrays allocated for each pair.
let aMatched = new Uint8Array(64);
let bMatched = new Uint8Array(64);

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const aLength = a.length;
  const bLength = b.length;
  if (aLength === 0 || bLength === 0) return 0;
  if (aLength > aMatched.length) aMatched = new Uint8Array(aLength * 2);
  if (bLength > bMatched.length) bMatched = new Uint8Array(bLength * 2);
  aMatched.fill(0, 0, aLength);
  bMatched.fill(0, 0, bLength);
  const window = Math.max(0, Math.floor(Math.max(aLength, bLength) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < aLength; i++) {
    const code = a.charCodeAt(i);
    const to = Math.min(bLength - 1, i + window);
    for (let j = Math.max(0, i - window); j <= to; j++) {
      if (bMatched[j] === 1 || code !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < aLength; i++) {
    if (aMatched[i] === 0) continue;
    while (bMatched[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const jaro = (matches / aLength + matches / bLength + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < aLength && prefix < bLength && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
