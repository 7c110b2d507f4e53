/** Random W3C trace-context ids from crypto.getRandomValues. */

/** `bytes` random bytes as lowercase hex, never all zero (W3C trace-context forbids it). */
export function randomHexId(bytes: 16 | 8): string {
  const buffer = new Uint8Array(bytes);
  do crypto.getRandomValues(buffer);
  while (buffer.every((b) => b === 0));
  let hex = '';
  for (const b of buffer) hex += b.toString(16).padStart(2, '0');
  return hex;
}
