/**
 * The trace's errors, the same error (type, message, top frame) once with its count and when it was first and last seen, each linked
 * to the span it happened in, its stack as the page or the file gave it (text, line breaks kept).
 */
import { useMemo } from 'preact/hooks';
import { groupErrors, traceErrors } from '../../src/viewer/errors';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';

export function ErrorsList({ layout, onSelect }: { layout: TraceLayout; onSelect(row: number): void }) {
  const groups = useMemo(() => groupErrors(traceErrors(layout)), [layout]);
  if (!groups.length) return <p class="muted">No errors in this page view.</p>;
  return (
    <table class="grid errors" data-testid="errors">
      <thead>
        <tr>
          <th scope="col">First</th>
          <th scope="col">Last</th>
          <th scope="col" class="num">Count</th>
          <th scope="col">Span</th>
          <th scope="col">Type</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {groups.map(({ first, last, count, rows }) => (
          <tr key={`${first.row}:${first.time}`} data-testid="error-group">
            <td class="num">{formatDuration(first.time - layout.t0)}</td>
            <td class="num">{count > 1 ? formatDuration(last.time - layout.t0) : ''}</td>
            <td class="num">{count > 1 ? `×${count}` : ''}</td>
            <td>
              <button type="button" class="link" onClick={() => onSelect(first.row)}>
                {layout.rows[first.row]!.span.name}
              </button>
              {rows.length > 1 && <span class="muted"> and {rows.length - 1} more</span>}
            </td>
            <td>{first.type}</td>
            <td class="wrap">
              {first.message}
              {first.stack && (
                <details>
                  <summary>Stack</summary>
                  <pre class="stack" data-testid="error-stack">
                    {first.stack}
                  </pre>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
