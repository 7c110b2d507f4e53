/**
 * What the content scripts need of the settings, and nothing more: where `traceparent` may go and
 * how the tracer core samples and limits. The background writes it to its own storage key
 * whenever the settings change, so content scripts never read the settings (which hold the
 * export headers) and carry none of their code.
 */
import type { PropagationRules } from './propagation';
import { asArray, asNumber, asRecord } from './protocol/check';
import { readKey, watchKey, writeKey } from './storage-key';
import { DEFAULT_TRACER_CONFIG, type TracerConfig } from './tracer/span-writer';

export const CAPTURE_CONFIG_KEY = 'captureConfig';

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
      origins: (asArray(p?.origins, 1000) ?? []).filter((x): x is string => typeof x === 'string'),
    },
    tracer: {
      sampleRatio: number('sampleRatio', 0, 1),
      slowMs: number('slowMs', 0, 600_000),
      maxAttributes: Math.floor(number('maxAttributes', 0, 128)),
      maxValueLength: Math.floor(number('maxValueLength', 1, 16_384)),
    },
    consoleErrors: o?.consoleErrors === true,
    offSites: (asArray(o?.offSites, 10_000) ?? []).filter((x): x is string => typeof x === 'string'),
  };
}

/** Background only. */
export function writeCaptureConfig(config: CaptureConfig): Promise<void> {
  return writeKey(CAPTURE_CONFIG_KEY, config);
}

/** Calls `listener` with the config now and at each change, until `signal` aborts. */
export function followCaptureConfig(listener: (config: CaptureConfig) => void, signal: AbortSignal): void {
  watchKey(CAPTURE_CONFIG_KEY, parseCaptureConfig, listener, signal);
  void readKey(CAPTURE_CONFIG_KEY, parseCaptureConfig).then(listener, () => undefined);
}
