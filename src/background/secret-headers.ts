/**
 * Keeps export header values out of storage.local, which content scripts can read. Scripts, tests
 * and the options page write `settings.export.headers` with values as the README documents; on
 * every change the background moves the values into the secret store (src/store/secrets.ts) and
 * writes SAVED_HEADER in their place, so storage.local keeps only the names.
 */
import { asRecord } from '../protocol/check';
import { normalizeSettings, SAVED_HEADER, storedSettings, type Settings } from '../settings';
import type { SpanlightDB } from '../store/db';
import { resolveHeaders, writeSecretHeaders } from '../store/secrets';

const sameHeaders = (a: unknown, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Moves the header values of `settings` (as just read from storage.local) into the secret store,
 * and forgets stored values whose names are gone. Resolves once storage.local holds only names.
 */
export async function keepHeadersSecret(db: SpanlightDB, settings: Settings): Promise<void> {
  const { headers } = settings.export;
  await writeSecretHeaders(db, await resolveHeaders(db, headers));
  const masked = Object.fromEntries(Object.keys(headers).map((name) => [name, SAVED_HEADER]));
  if (sameHeaders(headers, masked)) return;
  const raw = asRecord(await storedSettings().getValue());
  const exp = asRecord(raw?.export);
  // Only what this call moved: settings written again meanwhile are moved by their own change.
  if (!raw || !exp || !sameHeaders(normalizeSettings(raw).export.headers, headers)) return;
  await storedSettings().setValue({ ...raw, export: { ...exp, headers: masked } });
}
