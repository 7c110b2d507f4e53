import type { SpanRecord as StoredSpan } from '../src/protocol/span';
import { spanDetail, spanDuration, statusLabel } from './format';

/** Spans as rows: name, detail, duration, status. */
export function SpanTable({ spans }: { spans: readonly StoredSpan[] }) {
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
            <td>{span.name}</td>
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
