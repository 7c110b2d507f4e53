import { hrTimeToMs } from '../src/protocol/span';
import type { SpanRecord as StoredSpan } from '../src/protocol/span';
import { formatDuration, spanDetail, spanDuration } from './format';

/** One trace as bars on a shared time axis; the root first, then its children by start. */
export function Waterfall({ spans }: { spans: readonly StoredSpan[] }) {
  if (!spans.length) return null;
  const starts = spans.map((s) => hrTimeToMs(s.start));
  const ends = spans.map((s) => hrTimeToMs(s.end));
  const t0 = Math.min(...starts);
  const total = Math.max(1, Math.max(...ends) - t0);
  return (
    <div class="waterfall" role="table" aria-label="Trace waterfall">
      <div class="axis" role="row">
        <span role="columnheader">Span</span>
        <span role="columnheader">0 – {formatDuration(total)}</span>
      </div>
      {spans.map((span, i) => {
        const left = ((starts[i]! - t0) / total) * 100;
        const width = Math.max(0.3, ((ends[i]! - starts[i]!) / total) * 100);
        return (
          <div class="wf-row" role="row" key={span.spanId} data-testid="waterfall-row">
            <span role="cell" class={`wf-name ${span.parentSpanId ? 'child' : 'root'}`} title={spanDetail(span)}>
              {span.name} <small>{spanDetail(span)}</small>
            </span>
            <span role="cell" class="wf-track">
              <span
                class={`wf-bar ${span.status.code === 2 ? 'is-error' : ''}`}
                style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}
                title={spanDuration(span)}
              />
            </span>
          </div>
        );
      })}
    </div>
  );
}
