// Hex digits and W3C trace-context ids in linear memory, for the tracer core and its URL
// redactor (src/tracer/assembly/core.ts, redact-url.ts).

/** True for an ASCII hex digit, either case. */
export function isHexDigit(c: u8): bool {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** The value of a hex digit (already checked, either case). */
export function hexValue(c: u8): u8 {
  if (c <= 57) return c - 48;
  if (c >= 97) return c - 87;
  return c - 55;
}

/** The u64 of 16 lowercase hex digits at `at` (already checked by isHexId). */
export function readHex(at: usize): u64 {
  let value: u64 = 0;
  for (let i: usize = 0; i < 16; i++) value = (value << 4) | <u64>hexValue(load<u8>(at + i));
  return value;
}

/** True when `len` bytes at `at` are lowercase hex and not all '0'. */
export function isHexId(at: usize, len: u32): bool {
  let nonZero = false;
  for (let i: u32 = 0; i < len; i++) {
    const c = load<u8>(at + i);
    const digit = c >= 48 && c <= 57;
    const letter = c >= 97 && c <= 102;
    if (!digit && !letter) return false;
    if (c != 48) nonZero = true;
  }
  return nonZero;
}
