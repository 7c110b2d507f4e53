/**
 * The user's settings: one typed object in storage.local under `settings` (a WXT storage item),
 * with defaults applied at read time and ordered migrations for objects stored by older versions.
 * Changes apply live.
 */
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { originPatternProblem, type PropagationRules } from './propagation';
import { asRecord } from './protocol/check';
import { siteOf } from './sites';
import type { TracerConfig } from './tracer/span-writer';
import type { CaptureConfig } from './capture-config';
import { DEFAULT_REDACTION, parseRedaction, type RedactionRules } from './redaction';
import { DEFAULT_RULES, parseRuleSource, type RuleSource } from './rules/rule-source';

export const SETTINGS_KEY = 'settings';
export const SETTINGS_VERSION = 1;

/**
 * The object under `settings`, as stored: content scripts and the scripts the README invites to
 * write it can leave anything there, so it is read through normalizeSettings, never as is.
 * WXT's own versioning (`version` and `migrations`, counted in a `settings$` key) is not used:
 * - the version travels inside the object, because scripts write the object alone: with the
 *   count kept beside it, an old-shaped object written after a migration would never be migrated;
 * - WXT migrates once, when a context loads this module, and writes the result back, so the
 *   background and open UI pages would race to rewrite it, and a failed migration is only logged;
 * - it counts from 1, where objects from before versioning are version 0.
 * So migrations run on every read, from the object's own `version`, and nothing is kept beside it.
 * Defined at first use: WXT reads an item's key as soon as it is defined, which a module that
 * only imports this one (a benchmark in Node, a page that never reads the settings) must not do.
 */
let settingsItem: WxtStorageItem<unknown, Record<string, unknown>> | undefined;
export const storedSettings = () => (settingsItem ??= storage.defineItem<unknown>(`local:${SETTINGS_KEY}`));

export const EXPORT_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type ExportProtocol = (typeof EXPORT_PROTOCOLS)[number];
export const COMPRESSIONS = ['gzip', 'none'] as const;
/** What is sent: spans (traces), the OpenTelemetry browser events derived from them (logs), or both. */
export const EXPORT_SIGNALS = ['traces', 'logs', 'both'] as const;
export type ExportSignals = (typeof EXPORT_SIGNALS)[number];
export type Compression = (typeof COMPRESSIONS)[number];

export interface Settings {
  version: number;
  export: {
    /** OTLP/HTTP traces URL, e.g. http://localhost:4318/v1/traces. Empty: export is off. */
    endpoint: string;
    protocol: ExportProtocol;
    /**
     * Extra request headers (e.g. an API key). The background moves their values into the
     * extension's IndexedDB, out of the content scripts' reach, and leaves SAVED_HEADER in their
     * place here (src/background/secret-headers.ts).
     */
    headers: Record<string, string>;
    compression: Compression;
    /** A request carries at most this many spans… */
    batchSpans: number;
    /** …and at most this many kilobytes before compression. */
    batchKilobytes: number;
    /** How often pending spans are sent while there are any. */
    intervalSeconds: number;
    /**
     * When an endpoint is set where export was off: false sends only spans captured from then on;
     * true also sends the spans stored meanwhile and never sent (src/store/export-hold.ts).
     */
    sendStoredOnStart: boolean;
    /** Spans (traces), events (logs, src/otlp/events.ts) or both. */
    signals: ExportSignals;
    /** OTLP/HTTP logs URL. Empty: the endpoint's, with a trailing /v1/traces made /v1/logs (src/signals.ts). */
    logsEndpoint: string;
    /** The events also sent on their span as span events (for Jaeger and Tempo, which take no logs). */
    spanEvents: boolean;
    /** Also a `browser.resource_timing` event per resource the page loaded (off: volume). */
    resourceTimingEvents: boolean;
  };
  retention: {
    /** Spans older than this are deleted, unless they wait for export (src/store/retention.ts). */
    maxAgeDays: number;
    /** At most this many spans are kept, parked copies included; see src/store/retention.ts for which go. */
    maxSpans: number;
    /** At most this many megabytes are stored, by the byte ledger's count, the browser's estimate as a ceiling. */
    maxMegabytes: number;
  };
  /** Which requests get `traceparent`: none by default, so no site sees changed requests. */
  propagation: PropagationRules;
  session: {
    /** A session ends after this long without a span from any tab. */
    timeoutMinutes: number;
  };
  sampling: {
    /** Page views whose spans are all kept, by their trace id (so `traceparent` agrees), 0-100. */
    percent: number;
    /** In the other page views, spans at least this long are kept too (0: none); so are errors and the root span. */
    slowMs: number;
  };
  limits: {
    /** Attributes kept per span; the rest are dropped and counted on the span. */
    attributes: number;
    /** String attribute values are cut to this many characters. */
    valueLength: number;
    /** Spans stored per page view; more are dropped and counted (a page that floods). */
    spansPerPageView: number;
    /**
     * Megabytes of spans one site (registrable domain: a.example.com and b.example.com are one) may
     * store; its own oldest go to make room. Named for origins, as stored by earlier versions.
     */
    originMegabytes: number;
    /** Megabytes of spans one tab may store, whatever sites its frames are from. */
    tabMegabytes: number;
  };
  /** Patterns removed from every captured string before it is stored (src/redaction.ts). */
  redaction: RedactionRules;
  /**
   * OTTL span rules (docs/rules.md), run in the background after redaction, before spans are
   * stored: `drop` conditions and `transform` statements. None by default. A statement that does
   * not compile is kept here, for the options page to show, and left out when the rules run.
   */
  rules: RuleSource;
  capture: {
    /** Record the page's console.error calls as errors (off: their arguments may hold page data). */
    consoleErrors: boolean;
    /** Sites (host names, with their subdomains) where nothing is captured; see src/sites.ts. */
    offSites: string[];
  };
}

/** Bounds and defaults of every numeric setting, shared by normalizeSettings and the options page. */
export const NUMBER_SETTINGS = {
  'export.batchSpans': { label: 'Spans per request', min: 1, max: 10_000, default: 512 },
  'export.batchKilobytes': { label: 'Kilobytes per request', min: 16, max: 16_384, default: 1024 },
  'export.intervalSeconds': { label: 'Send interval (seconds)', min: 1, max: 300, default: 5 },
  'retention.maxAgeDays': { label: 'Keep spans for (days)', min: 1, max: 365, default: 7 },
  'retention.maxSpans': { label: 'Keep at most (spans)', min: 1_000, max: 10_000_000, default: 1_000_000 },
  'retention.maxMegabytes': { label: 'Use at most (MB)', min: 10, max: 100_000, default: 1024 },
  'session.timeoutMinutes': { label: 'A session ends after inactivity of (minutes)', min: 1, max: 1440, default: 30 },
  'sampling.percent': { label: 'Page views kept whole (%)', min: 0, max: 100, default: 100 },
  'sampling.slowMs': { label: 'Always keep spans slower than (ms, 0: off)', min: 0, max: 600_000, default: 2000 },
  'limits.attributes': { label: 'Attributes per span', min: 8, max: 128, default: 128 },
  'limits.valueLength': { label: 'Characters per attribute value', min: 64, max: 16_384, default: 16_384 },
  'limits.spansPerPageView': { label: 'Spans per page view', min: 100, max: 1_000_000, default: 20_000 },
  'limits.originMegabytes': { label: 'Storage per site (MB)', min: 1, max: 100_000, default: 256 },
  'limits.tabMegabytes': { label: 'Storage per tab (MB)', min: 1, max: 100_000, default: 512 },
} as const;
export type NumberSetting = keyof typeof NUMBER_SETTINGS;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  export: {
    endpoint: '',
    protocol: 'http/protobuf',
    headers: {},
    compression: 'gzip',
    batchSpans: NUMBER_SETTINGS['export.batchSpans'].default,
    batchKilobytes: NUMBER_SETTINGS['export.batchKilobytes'].default,
    intervalSeconds: NUMBER_SETTINGS['export.intervalSeconds'].default,
    sendStoredOnStart: false,
    signals: 'traces',
    logsEndpoint: '',
    spanEvents: false,
    resourceTimingEvents: false,
  },
  retention: {
    maxAgeDays: NUMBER_SETTINGS['retention.maxAgeDays'].default,
    maxSpans: NUMBER_SETTINGS['retention.maxSpans'].default,
    maxMegabytes: NUMBER_SETTINGS['retention.maxMegabytes'].default,
  },
  propagation: { sameOrigin: false, origins: [] },
  session: { timeoutMinutes: NUMBER_SETTINGS['session.timeoutMinutes'].default },
  sampling: { percent: NUMBER_SETTINGS['sampling.percent'].default, slowMs: NUMBER_SETTINGS['sampling.slowMs'].default },
  limits: {
    attributes: NUMBER_SETTINGS['limits.attributes'].default,
    valueLength: NUMBER_SETTINGS['limits.valueLength'].default,
    spansPerPageView: NUMBER_SETTINGS['limits.spansPerPageView'].default,
    originMegabytes: NUMBER_SETTINGS['limits.originMegabytes'].default,
    tabMegabytes: NUMBER_SETTINGS['limits.tabMegabytes'].default,
  },
  redaction: DEFAULT_REDACTION,
  rules: DEFAULT_RULES,
  capture: { consoleErrors: false, offSites: [] },
};

/** Turns a stored object of one version into the next. */
export type SettingsMigration = (old: Record<string, unknown>) => Record<string, unknown>;

/** Ordered migrations: entry i turns a version-i object into version i+1. */
const MIGRATIONS: SettingsMigration[] = [
  // 0 → 1: objects written before versioning had the same shape.
  (old) => ({ ...old, version: 1 }),
];

/**
 * `stored` run through the migrations after its own `version` (none: 0, from before versioning),
 * in order. A version newer than the migrations know is left as it is, for normalizeSettings.
 */
export function migrateSettings(stored: Record<string, unknown>, migrations: readonly SettingsMigration[] = MIGRATIONS): Record<string, unknown> {
  const from = typeof stored.version === 'number' && Number.isInteger(stored.version) ? stored.version : 0;
  let o = stored;
  for (let v = Math.max(0, from); v < migrations.length; v++) o = migrations[v]!(o);
  return o;
}

/** Why `value` cannot be the setting `name`, or undefined when it can. */
export function numberProblem(name: NumberSetting, value: unknown): string | undefined {
  const { label, min, max } = NUMBER_SETTINGS[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `${label}: a whole number from ${min} to ${max}`;
  }
  return undefined;
}

function numberOr(name: NumberSetting, value: unknown): number {
  return numberProblem(name, value) ? NUMBER_SETTINGS[name].default : (value as number);
}

function oneOf<T extends string>(options: readonly T[], value: unknown, fallback: T): T {
  return options.includes(value as T) ? (value as T) : fallback;
}

/**
 * Settings from whatever is stored: migrated, with defaults for what is missing and for any
 * value of the wrong type or out of bounds, so a damaged object never crashes the worker.
 */
export function normalizeSettings(stored: unknown): Settings {
  const o = migrateSettings(asRecord(stored) ?? {});

  const exp = asRecord(o.export) ?? {};
  const ret = asRecord(o.retention) ?? {};
  const prop = asRecord(o.propagation) ?? {};
  const session = asRecord(o.session) ?? {};
  const sampling = asRecord(o.sampling) ?? {};
  const limits = asRecord(o.limits) ?? {};
  const capture = asRecord(o.capture) ?? {};
  const headers = Object.fromEntries(
    Object.entries(asRecord(exp.headers) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && !headerProblem(e[0], e[1])),
  );
  return {
    version: SETTINGS_VERSION,
    export: {
      endpoint: typeof exp.endpoint === 'string' ? exp.endpoint.trim() : '',
      protocol: oneOf(EXPORT_PROTOCOLS, exp.protocol, DEFAULT_SETTINGS.export.protocol),
      headers,
      compression: oneOf(COMPRESSIONS, exp.compression, DEFAULT_SETTINGS.export.compression),
      batchSpans: numberOr('export.batchSpans', exp.batchSpans),
      batchKilobytes: numberOr('export.batchKilobytes', exp.batchKilobytes),
      intervalSeconds: numberOr('export.intervalSeconds', exp.intervalSeconds),
      sendStoredOnStart: exp.sendStoredOnStart === true,
      signals: oneOf(EXPORT_SIGNALS, exp.signals, DEFAULT_SETTINGS.export.signals),
      logsEndpoint: typeof exp.logsEndpoint === 'string' ? exp.logsEndpoint.trim() : '',
      spanEvents: exp.spanEvents === true,
      resourceTimingEvents: exp.resourceTimingEvents === true,
    },
    retention: {
      maxAgeDays: numberOr('retention.maxAgeDays', ret.maxAgeDays),
      maxSpans: numberOr('retention.maxSpans', ret.maxSpans),
      maxMegabytes: numberOr('retention.maxMegabytes', ret.maxMegabytes),
    },
    propagation: {
      sameOrigin: prop.sameOrigin === true,
      origins: Array.isArray(prop.origins)
        ? prop.origins.filter((x): x is string => typeof x === 'string' && !originPatternProblem(x)).map((x) => x.trim().toLowerCase())
        : [],
    },
    session: { timeoutMinutes: numberOr('session.timeoutMinutes', session.timeoutMinutes) },
    sampling: { percent: numberOr('sampling.percent', sampling.percent), slowMs: numberOr('sampling.slowMs', sampling.slowMs) },
    limits: {
      attributes: numberOr('limits.attributes', limits.attributes),
      valueLength: numberOr('limits.valueLength', limits.valueLength),
      spansPerPageView: numberOr('limits.spansPerPageView', limits.spansPerPageView),
      originMegabytes: numberOr('limits.originMegabytes', limits.originMegabytes),
      tabMegabytes: numberOr('limits.tabMegabytes', limits.tabMegabytes),
    },
    redaction: parseRedaction(o.redaction),
    rules: parseRuleSource(o.rules),
    capture: {
      consoleErrors: capture.consoleErrors === true,
      offSites: Array.isArray(capture.offSites)
        ? [...new Set(capture.offSites.map((x) => (typeof x === 'string' ? siteOf(x) : undefined)).filter((x): x is string => !!x))]
        : [],
    },
  };
}

/** What the tracer core applies of `settings`. */
export function tracerConfig(settings: Settings): TracerConfig {
  return {
    sampleRatio: settings.sampling.percent / 100,
    slowMs: settings.sampling.slowMs,
    maxAttributes: settings.limits.attributes,
    maxValueLength: settings.limits.valueLength,
  };
}

/** What the content scripts get of `settings` (see capture-config.ts). */
export function captureConfig(settings: Settings): CaptureConfig {
  return {
    propagation: settings.propagation,
    tracer: tracerConfig(settings),
    consoleErrors: settings.capture.consoleErrors,
    offSites: settings.capture.offSites,
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

/**
 * What a header's value reads as in storage.local once the background has moved it into the
 * secret store; written back unchanged, it keeps the stored value.
 */
export const SAVED_HEADER = '(saved)';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why `name` cannot be a request header's name, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  return HEADER_NAME.test(name) ? undefined : `"${name.slice(0, 40)}" is not a header name`;
}

/**
 * Headers the export sets itself, for the body it sends: one in the settings would contradict
 * it (a collector refuses `text/plain, application/x-protobuf`), so none is taken from there.
 */
const OWN_HEADERS = new Set(['content-type', 'content-encoding', 'content-length']);

/** Why `name: value` cannot be an export header (one the browser refuses, or one the export sets), or undefined. */
export function headerProblem(name: string, value: string): string | undefined {
  const problem = headerNameProblem(name);
  if (problem) return problem;
  if (OWN_HEADERS.has(name.toLowerCase())) return `${name} is set by the export itself`;
  // The browser's own rule for a value (Latin-1, no NUL, CR or LF), as fetch applies it.
  try {
    new Headers([[name, value]]);
  } catch {
    return `the value of ${name} is not one a browser can send (one line of Latin-1 characters)`;
  }
  return undefined;
}

/** Headers from `Name: value` lines (blank lines ignored), or the first line's problem. */
export function parseHeaderLines(text: string): { headers: Record<string, string> } | { problem: string } {
  const headers: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (headerNameProblem(name)) return { problem: `header line ${i + 1}: expected "Name: value"` };
    const value = line.slice(colon + 1).trim();
    const problem = headerProblem(name, value);
    if (problem) return { problem: `header line ${i + 1}: ${problem}` };
    headers[name] = value;
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
  await storedSettings().setValue(normalizeSettings(settings));
}

/**
 * The user's own settings, as stored. What the extension applies is these with the organization's
 * policy over them: getSettings in managed-settings.ts.
 */
export async function getUserSettings(): Promise<Settings> {
  return normalizeSettings(await storedSettings().getValue());
}

/** Calls `listener` with the user's new settings each time they change, until `signal` aborts. */
export function watchUserSettings(listener: (settings: Settings) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  signal.addEventListener('abort', storedSettings().watch((stored) => listener(normalizeSettings(stored))), { once: true });
}
