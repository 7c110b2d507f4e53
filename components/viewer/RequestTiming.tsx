/** A request's network facts (protocol, cache) and its phases as a table with their durations, as DevTools' Timing tab lists them. */
import type { SpanRecord } from '../../src/protocol/span';
import { fromCache, protocolOf, resourceType } from '../../src/viewer/network';
import { SEGMENT_STYLE } from '../../src/viewer/phase-bar';
import { PHASE_LABELS, type RequestPhase } from '../../src/viewer/request-phases';
import { formatDuration } from '../format';

export interface RequestTimingProps {
  span: SpanRecord;
  /** Its phases (requestPhases), in ms from the trace's start, and the span's own start on that scale. */
  phases: readonly RequestPhase[];
  start: number;
}

export function RequestTiming({ span, phases, start }: RequestTimingProps) {
  const protocol = protocolOf(span);
  const cache = fromCache(span);
  // Each swatch is its segment of the bar: the row's colour, as light and as thin.
  const type = resourceType(span);
  if (!phases.length && protocol === undefined && cache === undefined) return null;
  return (
    <section data-testid="request-timing">
      <h3>Network</h3>
      {(protocol !== undefined || cache !== undefined) && (
        <dl class="facts">
          {protocol !== undefined && (
            <>
              <dt>Protocol</dt>
              <dd data-testid="request-protocol">{protocol}</dd>
            </>
          )}
          {cache !== undefined && (
            <>
              <dt>Cache</dt>
              <dd data-testid="request-cache">{cache ? 'from the HTTP cache' : 'from the network'}</dd>
            </>
          )}
        </dl>
      )}
      {phases.length > 0 && (
        <table class="grid phases" aria-label="Request phases">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Starts</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {phases.map((phase) => (
              <tr key={phase.name} data-testid="request-phase">
                <th scope="row">
                  <i
                    class={`ph-swatch${type ? ` rt-${type}` : ''}`}
                    aria-hidden="true"
                    style={{ opacity: SEGMENT_STYLE[phase.name].alpha, height: `${10 * (1 - 2 * SEGMENT_STYLE[phase.name].inset)}px` }}
                  /> {PHASE_LABELS[phase.name]}
                </th>
                <td>+{formatDuration(phase.start - start)}</td>
                <td>{formatDuration(phase.end - phase.start)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
