/**
 * What the content scripts need of the settings, and nothing more: where `traceparent` may go and
 * how the tracer core samples and limits. The background writes it to its own storage key
 * whenever the settings change, so content scripts never read the settings (which hold the
 * export headers) and carry none of their code.
 */
import { extensionApi } from './extension-api';
import type { PropagationRules } from './propagation';
import { asArray, asNumber, asRecord } from './protocol/check';
import { DEFAULT_TRACER_CONFIG, type TracerConfig } from './tracer/span-writer';

export const CAPTURE_CONFIG_KEY = 'captureConfig';
/** The most origins and off-sites the content scripts take; a longer list is cut, never dropped. */
export const MAX_CAPTURE_ORIGINS = 1000;
export const MAX_OFF_SITES = 10_000;

export interface CaptureConfig {
  propagation: PropagationRules;
  tracer: TracerConfig;
  /** Record console.error calls as errors. */
  consoleErrors: boolean;
  /** Sites where nothing is captured (src/sites.ts). */
  offSites: string[];
}

export const DEFAULT_CAPTURE_CONFIG: CaptureConfig = {
  propagation: { sameOrigin: false, origins: [] },
  tracer: DEFAULT_TRACER_CONFIG,
  consoleErrors: false,
  offSites: [],
};

/** The stored config, or the defaults for anything missing or malformed. */
export function parseCaptureConfig(stored: unknown): CaptureConfig {
  const o = asRecord(stored);
  const p = asRecord(o?.propagation);
  const t = asRecord(o?.tracer);
  const number = (key: keyof TracerConfig, min: number, max: number) => asNumber(t?.[key], min, max) ?? DEFAULT_TRACER_CONFIG[key];
  return {
    propagation: {
      sameOrigin: p?.sameOrigin === true,
      origins: (asArray(p?.origins, Infinity) ?? []).slice(0, MAX_CAPTURE_ORIGINS).filter((x): x is string => typeof x === 'string'),
    },
    tracer: {
      sampleRatio: number('sampleRatio', 0, 1),
      slowMs: number('slowMs', 0, 600_000),
      maxAttributes: Math.floor(number('maxAttributes', 0, 128)),
      maxValueLength: Math.floor(number('maxValueLength', 1, 16_384)),
    },
    consoleErrors: o?.consoleErrors === true,
    offSites: (asArray(o?.offSites, Infinity) ?? []).slice(0, MAX_OFF_SITES).filter((x): x is string => typeof x === 'string'),
  };
}

/** Background only: the config for the content scripts, under its own key (`followCaptureConfig` reads it). */
export function writeCaptureConfig(config: CaptureConfig): Promise<void> {
  return extensionApi().storage.local.set({ [CAPTURE_CONFIG_KEY]: config });
}

/**
 * Calls `listener` with the config now and at each change, until `signal` aborts. The bridge's
 * only storage access, on every page. This file uses the extension's storage itself rather than
 * WXT's storage items, which would add ~3 KB gzip to every page and touch the extension APIs
 * as the script is evaluated (src/extension-api.ts).
 */
export function followCaptureConfig(listener: (config: CaptureConfig) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && changes[CAPTURE_CONFIG_KEY]) listener(parseCaptureConfig(changes[CAPTURE_CONFIG_KEY].newValue));
  };
  const stored = extensionApi().storage;
  stored.onChanged.addListener(onChanged);
  signal.addEventListener('abort', () => stored.onChanged.removeListener(onChanged), { once: true });
  void stored.local.get(CAPTURE_CONFIG_KEY).then((items) => listener(parseCaptureConfig(items[CAPTURE_CONFIG_KEY])), () => undefined);
}
