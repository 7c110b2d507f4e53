/**
 * The two OTLP signals Spanlight sends: traces (the stored spans) and logs (the OpenTelemetry
 * browser events derived from them, src/otlp/events.ts). Each has its own endpoint, its own
 * progress through the store and its own health; the store's watermark is where the slowest of
 * the active ones is (src/store/signal-progress.ts).
 */
import type { Settings } from './settings';

/** The OTLP signals export sends. */
export type Signal = 'traces' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'logs'];

type ExportSettings = Pick<Settings['export'], 'signals' | 'endpoint' | 'logsEndpoint'>;

/** Whether the user's settings send `signal`. */
export function sends(signal: Signal, settings: Pick<ExportSettings, 'signals'>): boolean {
  return settings.signals === 'both' || settings.signals === signal;
}

/** The logs URL the traces `endpoint` implies: a trailing /v1/traces made /v1/logs (otherwise the same URL, which logsEndpointProblem refuses). */
export function impliedLogsEndpoint(endpoint: string): string {
  return endpoint.replace(/\/v1\/traces\/?$/, '/v1/logs');
}

/** Where `signal` goes: its endpoint as set, or (for logs) the one the traces endpoint implies. Empty: nowhere. */
export function endpointOf(signal: Signal, settings: Pick<ExportSettings, 'endpoint' | 'logsEndpoint'>): string {
  if (signal === 'traces') return settings.endpoint;
  return settings.logsEndpoint || impliedLogsEndpoint(settings.endpoint);
}

/**
 * Why logs cannot go where the settings say, or undefined: the endpoint does not end in
 * /v1/traces and no logs endpoint is set, so logs would be posted to the traces URL.
 */
export function logsEndpointProblem(settings: Pick<ExportSettings, 'endpoint' | 'logsEndpoint'>): string | undefined {
  const logs = endpointOf('logs', settings);
  if (logs && logs === settings.endpoint) {
    return `the endpoint "${settings.endpoint}" does not end in /v1/traces: set the logs endpoint`;
  }
  return undefined;
}

/** The signals the settings send and that have somewhere to go: what export waits for. */
export function activeSignals(settings: ExportSettings): Signal[] {
  return SIGNALS.filter((signal) => sends(signal, settings) && endpointOf(signal, settings) !== '');
}
