/** Logs each cause once per worker lifetime, so a failing loop does not flood the console. */
const seen = new Set<string>();

export function warnOnce(cause: string, detail?: unknown): void {
  if (seen.has(cause)) return;
  seen.add(cause);
  console.warn(`spanlight: ${cause}`, detail ?? '');
}
