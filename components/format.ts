/** Text formatting shared by the views. */
import { formatDuration } from '../src/format';
import { durationMs } from '../src/protocol/span';
import type { SpanRecord as StoredSpan } from '../src/protocol/span';

export { formatBytes, formatDuration, plural } from '../src/format';

/** The one detail that tells spans of the same name apart: URL, target or error message. */
export function spanDetail(span: StoredSpan): string {
  const a = span.attributes;
  const value = a['url.full'] ?? a['ui.target'] ?? a['exception.message'] ?? '';
  return String(value);
}

export function spanDuration(span: StoredSpan): string {
  return formatDuration(durationMs(span));
}

/** 'error', 'ok' or '' (unset), as OpenTelemetry status codes. */
export function statusLabel(span: StoredSpan): string {
  return span.status.code === 2 ? 'error' : span.status.code === 1 ? 'ok' : '';
}

/** `3 s ago`, `5 min ago`. */
export function formatAgo(at: number | undefined, now = Date.now()): string {
  if (!at) return 'never';
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(at).toLocaleString();
}
