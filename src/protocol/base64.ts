/**
 * Base64 for binary data crossing extension messaging, which is JSON in Chromium. Uses the
 * built-in Uint8Array.toBase64/fromBase64 where the runtime has them (Chromium 140+, Firefox
 * 133+), atob/btoa otherwise (Node 20 in unit tests).
 */

interface Base64Native {
  toBase64?(this: Uint8Array): string;
}
interface Base64NativeCtor {
  fromBase64?(text: string): Uint8Array<ArrayBuffer>;
}

const native = (Uint8Array.prototype as Base64Native).toBase64;
const nativeFrom = (Uint8Array as unknown as Base64NativeCtor).fromBase64;

export function toBase64(bytes: Uint8Array): string {
  // Firefox 133+ has it, and the extension asks for 140: its page side carries no fallback.
  if (native || import.meta.env?.FIREFOX) return native!.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binary);
}

/** The bytes of base64 `text`; throws a SyntaxError (or DOMException) on malformed input. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (nativeFrom) return nativeFrom(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
