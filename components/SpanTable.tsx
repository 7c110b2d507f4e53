import type { SpanRecord as StoredSpan } from '../src/protocol/span';
import { spanDetail, spanDuration, statusLabel } from './format';

/** Spans as rows: name, detail, duration, status; with `onOpen`, each name is a button that opens its span. */
export function SpanTable({ spans, onOpen }: { spans: readonly StoredSpan[]; onOpen?(span: StoredSpan): void }) {
  return (
    <table class="spans">
      <thead>
        <tr>
          <th scope="col">Span</th>
          <th scope="col">Detail</th>
          <th scope="col" class="num">Duration</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {spans.map((span) => (
          <tr key={span.spanId} data-testid="span-row" class={span.status.code === 2 ? 'is-error' : ''}>
            <td>
              {onOpen ? (
                <button type="button" class="link span-open" onClick={() => onOpen(span)} title="Open in the viewer at this span">
                  {span.name}
                </button>
              ) : (
                span.name
              )}
            </td>
            <td class="detail" title={spanDetail(span)}>
              {spanDetail(span)}
            </td>
            <td class="num">{spanDuration(span)}</td>
            <td>{statusLabel(span)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
