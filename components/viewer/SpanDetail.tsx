/** The selected span: times, status, ids (one click to copy), attributes, events, exception. */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { durationMs, hrTimeToMs } from '../../src/protocol/span';
import type { TraceRow } from '../../src/viewer/trace';
import { formatDuration, statusLabel } from '../format';

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];

function CopyId({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="id-row">
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>
        <button
          type="button"
          class="link"
          aria-label={`Copy ${label.toLowerCase()}`}
          onClick={() =>
            void navigator.clipboard.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'copied' : 'copy'}
        </button>
      </dd>
    </div>
  );
}

/** The viewer at a trace: in the viewer, the same page (its hash names the trace); elsewhere, a new tab. */
const inViewer = () => location.pathname.endsWith('/viewer.html');
const traceHref = (traceId: string) => (inViewer() ? `#trace=${traceId}` : browser.runtime.getURL(`/viewer.html#trace=${traceId}`));

export function SpanDetail({ row, t0, onParent, onClose }: { row: TraceRow; t0: number; onParent?: () => void; onClose(): void }) {
  const span = row.span;
  const attributes = Object.entries(span.attributes).sort(([a], [b]) => a.localeCompare(b));
  const stack = span.attributes['exception.stacktrace'];
  return (
    <aside class="detail" aria-label="Span detail" data-testid="span-detail">
      <header>
        <h2>{span.name}</h2>
        <button type="button" class="link" onClick={onClose} aria-label="Close span detail">
          close
        </button>
      </header>
      <dl class="facts">
        <dt>Duration</dt>
        <dd>{formatDuration(durationMs(span))}</dd>
        <dt>Starts</dt>
        <dd>+{formatDuration(hrTimeToMs(span.start) - t0)}</dd>
        <dt>Kind</dt>
        <dd>{KINDS[span.kind] ?? span.kind}</dd>
        <dt>Status</dt>
        <dd class={span.status.code === 2 ? 'error' : ''}>
          {statusLabel(span) || 'unset'}
          {span.status.message ? `: ${span.status.message}` : ''}
        </dd>
        <CopyId label="Trace id" value={span.traceId} />
        <CopyId label="Span id" value={span.spanId} />
        {span.parentSpanId && <CopyId label="Parent id" value={span.parentSpanId} />}
      </dl>
      {onParent && (
        <button type="button" class="link" onClick={onParent}>
          Go to parent
        </button>
      )}
      {typeof stack === 'string' && stack && (
        <section>
          <h3>Exception</h3>
          <pre class="stack" data-testid="exception-stack">{stack}</pre>
        </section>
      )}
      <section>
        <h3>Attributes ({attributes.length})</h3>
        <table class="attributes">
          <tbody>
            {attributes.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>{String(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {!!span.droppedAttributes && <p class="muted">{span.droppedAttributes} attributes dropped by the limits</p>}
      </section>
      {span.links && (
        <section>
          <h3>Links ({span.links.length})</h3>
          <ul class="events" data-testid="span-links">
            {span.links.map((link, i) => (
              <li key={i}>
                {String(link.attributes?.['spanlight.link.type'] ?? 'link')}:{' '}
                <a href={traceHref(link.traceId)} target={inViewer() ? undefined : '_blank'}>
                  trace {link.traceId}
                </a>{' '}
                <span class="muted">span {link.spanId}</span>
              </li>
            ))}
          </ul>
          {!!span.droppedLinks && <p class="muted">{span.droppedLinks} links dropped by the limits</p>}
        </section>
      )}
      {span.events.length > 0 && (
        <section>
          <h3>Events ({span.events.length})</h3>
          <ul class="events">
            {span.events.map((event, i) => (
              <li key={i}>
                <code>+{formatDuration(hrTimeToMs(event.time) - hrTimeToMs(span.start))}</code> {event.name}
                {event.attributes &&
                  Object.entries(event.attributes).map(([k, v]) => (
                    <span key={k} class="muted">
                      {' '}
                      {k}={String(v)}
                    </span>
                  ))}
              </li>
            ))}
          </ul>
          {!!span.droppedEvents && <p class="muted">{span.droppedEvents} events dropped by the limits</p>}
        </section>
      )}
    </aside>
  );
}
