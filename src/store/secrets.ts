/**
 * The secret store: export header values (API keys) kept in the extension's own IndexedDB, which
 * content scripts cannot open (they run in the page's origin), rather than in storage.local, which
 * every content script can read whole. storage.session with TRUSTED_CONTEXTS would hide them too,
 * but is emptied when the browser closes, and export must keep its key across restarts.
 */
import { SAVED_HEADER, type Settings } from '../settings';
import type { SpanlightDB } from './db';

const EXPORT_HEADERS = 'exportHeaders';

/** The stored header values by name. */
export async function readSecretHeaders(db: SpanlightDB): Promise<Record<string, string>> {
  return (await db.secrets.get(EXPORT_HEADERS))?.value ?? {};
}

/** Replaces the stored header values (background only). */
export async function writeSecretHeaders(db: SpanlightDB, headers: Record<string, string>): Promise<void> {
  await db.secrets.put({ name: EXPORT_HEADERS, value: headers });
}

/**
 * The headers to send: each SAVED_HEADER replaced by the stored value (a name whose value was
 * never stored is left out), any other value as it is (written by a script, not yet moved).
 */
export async function resolveHeaders(db: SpanlightDB, headers: Record<string, string>): Promise<Record<string, string>> {
  const stored = Object.values(headers).includes(SAVED_HEADER) ? await readSecretHeaders(db) : {};
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== SAVED_HEADER) resolved[name] = value;
    else if (Object.hasOwn(stored, name)) resolved[name] = stored[name]!;
  }
  return resolved;
}

/** `settings` with the headers to send. */
export async function withSecretHeaders<T extends Pick<Settings['export'], 'headers'>>(db: SpanlightDB, settings: T): Promise<T> {
  return { ...settings, headers: await resolveHeaders(db, settings.headers) };
}
