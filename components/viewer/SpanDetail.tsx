/**
 * The selected span: times (its self time too), status, service, ids (one click to copy), a
 * request's *Copy as cURL* and *Copy as fetch* and its network timing, *Zoom to span*, a vital's breakdown, exceptions, attributes,
 * resource, links, events, and the events it is sent as. Beside the waterfall, or below it.
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { serviceOf } from '../../src/otlp/resource';
import { durationMs, hrTimeToMs } from '../../src/protocol/span';
import { spanErrors } from '../../src/viewer/errors';
import type { RequestPhase } from '../../src/viewer/request-phases';
import type { TraceRow } from '../../src/viewer/trace';
import { formatDuration, statusLabel } from '../format';
import { AttributeTable } from './AttributeTable';
import { CopyRequest } from './CopyRequest';
import { RequestTiming } from './RequestTiming';
import { SentEvents } from './SentEvents';
import { VitalBreakdown } from './VitalBreakdown';

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

export interface SpanDetailProps {
  row: TraceRow;
  t0: number;
  /** Its time no child covers (`selfTime`), when known. */
  selfTime?: number;
  /** Its request phases (requestPhases), when it is a request. */
  phases?: readonly RequestPhase[];
  /** A bottom pane (`size` its height) rather than a side one (`size` its width). */
  below?: boolean;
  size?: number;
  onParent?: () => void;
  /** Zooms the chart to the span. */
  onZoom?: () => void;
  onClose(): void;
}

export function SpanDetail({ row, t0, selfTime, phases = [], below, size, onParent, onZoom, onClose }: SpanDetailProps) {
  const span = row.span;
  const attributeCount = Object.keys(span.attributes).length;
  const exceptions = spanErrors(span).filter((e) => e.stack);
  return (
    <aside
      id="span-detail"
      class={`detail${below ? ' is-below' : ''}`}
      aria-label="Span detail"
      data-testid="span-detail"
      style={size === undefined ? undefined : below ? { height: `${size}px` } : { width: `${size}px` }}
    >
      <header>
        <h2>{span.name}</h2>
        <button type="button" class="link" onClick={onClose} aria-label="Close span detail">
          close
        </button>
      </header>
      <dl class="facts">
        <dt>Duration</dt>
        <dd>{formatDuration(durationMs(span))}</dd>
        {selfTime !== undefined && (
          <>
            <dt>Self time</dt>
            <dd data-testid="self-time" title="The span's time that none of its children covers">
              {formatDuration(selfTime)}
            </dd>
          </>
        )}
        <dt>Starts</dt>
        <dd>+{formatDuration(hrTimeToMs(span.start) - t0)}</dd>
        <dt>Kind</dt>
        <dd>{KINDS[span.kind] ?? span.kind}</dd>
        <dt>Status</dt>
        <dd class={span.status.code === 2 ? 'error' : ''}>
          {statusLabel(span) || 'unset'}
          {span.status.message ? `: ${span.status.message}` : ''}
        </dd>
        <dt>Service</dt>
        <dd data-testid="span-service">{serviceOf(span)}</dd>
        <CopyId label="Trace id" value={span.traceId} />
        <CopyId label="Span id" value={span.spanId} />
        {span.parentSpanId && <CopyId label="Parent id" value={span.parentSpanId} />}
      </dl>
      {onZoom && (
        <button type="button" class="link" onClick={onZoom} aria-keyshortcuts="z" data-testid="detail-zoom">
          Zoom to span
        </button>
      )}
      {onParent && (
        <button type="button" class="link" onClick={onParent}>
          Go to parent
        </button>
      )}
      <CopyRequest span={span} />
      <RequestTiming span={span} phases={phases} start={row.start} />
      <VitalBreakdown attributes={span.attributes} />
      {exceptions.map((e, i) => (
        <section key={i}>
          <h3>Exception</h3>
          <p class="wrap">{[e.type, e.message].filter(Boolean).join(': ')}</p>
          <pre class="stack" data-testid="exception-stack">
            {e.stack}
          </pre>
        </section>
      ))}
      <section>
        <h3>Attributes ({attributeCount})</h3>
        <AttributeTable attributes={span.attributes} />
        {!!span.droppedAttributes && <p class="muted">{span.droppedAttributes} attributes dropped by the limits</p>}
      </section>
      {span.resource && (
        <section>
          <h3>Resource ({Object.keys(span.resource).length})</h3>
          <AttributeTable attributes={span.resource} testId="span-resource" />
        </section>
      )}
      {span.scope && (
        <p class="muted" data-testid="span-scope">
          Instrumentation scope: {span.scope.name || '(unnamed)'}
          {span.scope.version ? ` ${span.scope.version}` : ''}
        </p>
      )}
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
                  // A stack is shown whole above, its line breaks kept.
                  Object.entries(event.attributes).filter(([k]) => k !== 'exception.stacktrace').map(([k, v]) => (
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
      <SentEvents span={span} t0={t0} />
    </aside>
  );
}
