/**
 * The user's settings: one typed object in storage.local under `settings`, with defaults applied
 * at read time and ordered migrations for objects stored by older versions. Changes apply live.
 */
import { asRecord } from './protocol/check';
import { readKey, watchKey, writeKey } from './storage-key';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 1;

export const EXPORT_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type ExportProtocol = (typeof EXPORT_PROTOCOLS)[number];

export interface Settings {
  version: number;
  export: {
    /** OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces. Empty: export is off. */
    endpoint: string;
    protocol: ExportProtocol;
    /** Extra request headers (e.g. an API key). Only the background ever reads them. */
    headers: Record<string, string>;
  };
  propagation: {
    /** Origins that receive `traceparent`; empty by default, so no site sees changed requests. */
    origins: string[];
  };
}

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  export: { endpoint: '', protocol: 'http/protobuf', headers: {} },
  propagation: { origins: [] },
};

/** Ordered migrations: entry i turns a version-i object into version i+1. */
const MIGRATIONS: ((old: Record<string, unknown>) => Record<string, unknown>)[] = [
  // 0 → 1: objects written before versioning had the same shape.
  (old) => ({ ...old, version: 1 }),
];

/**
 * Settings from whatever is stored: migrated, with defaults for what is missing and for any
 * value of the wrong type, so a damaged object never crashes the worker.
 */
export function normalizeSettings(stored: unknown): Settings {
  let o = asRecord(stored) ?? {};
  const from = typeof o.version === 'number' && Number.isInteger(o.version) ? o.version : 0;
  for (let v = Math.max(0, from); v < MIGRATIONS.length; v++) o = MIGRATIONS[v]!(o);

  const exp = asRecord(o.export) ?? {};
  const prop = asRecord(o.propagation) ?? {};
  const headers = Object.fromEntries(
    Object.entries(asRecord(exp.headers) ?? {}).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
  return {
    version: SETTINGS_VERSION,
    export: {
      endpoint: typeof exp.endpoint === 'string' ? exp.endpoint.trim() : '',
      protocol: EXPORT_PROTOCOLS.includes(exp.protocol as ExportProtocol)
        ? (exp.protocol as ExportProtocol)
        : DEFAULT_SETTINGS.export.protocol,
      headers,
    },
    propagation: {
      origins: Array.isArray(prop.origins)
        ? prop.origins.filter((x): x is string => typeof x === 'string')
        : [],
    },
  };
}

/** Why `endpoint` cannot be used, or undefined when it can (empty means export is off). */
export function endpointProblem(endpoint: string): string | undefined {
  if (!endpoint) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `invalid endpoint "${endpoint}": not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `invalid endpoint "${endpoint}": must be http or https`;
  }
  return undefined;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers from `Name: value` lines (blank lines ignored), or the first line's problem. */
export function parseHeaderLines(text: string): { headers: Record<string, string> } | { problem: string } {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) return { problem: `header line ${i + 1}: expected "Name: value"` };
    headers[name] = line.slice(colon + 1).trim();
  }
  return { headers };
}

/** The headers as `Name: value` lines, for editing. */
export function formatHeaderLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** Stores `settings`; the background picks them up at once. */
export async function saveSettings(settings: Settings): Promise<void> {
  await writeKey(SETTINGS_KEY, normalizeSettings(settings));
}

/** The current settings. */
export function getSettings(): Promise<Settings> {
  return readKey(SETTINGS_KEY, normalizeSettings);
}

/** Calls `listener` with the new settings each time they change, until `signal` aborts. */
export function watchSettings(listener: (settings: Settings) => void, signal: AbortSignal): void {
  watchKey(SETTINGS_KEY, normalizeSettings, listener, signal);
}
