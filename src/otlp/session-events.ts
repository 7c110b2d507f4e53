/**
 * `session.start` and `session.end` (semconv v1.44.0, model/session, Development): a session
 * begins with the first activity after the last one timed out (or the first of a browser run),
 * and the one before ends then. The background marks the first span of that activity
 * (src/background/finish-spans.ts) with the session it follows, so both events are, as every
 * other, a function of one stored span.
 */
import type { SpanRecord } from '../protocol/span';
import { text, type Derived } from './derived';

/** On the first span of the activity that began a session. */
export const SESSION_START = 'spanlight.session.start';
/** The session it follows, when that one timed out in the same browser run. */
export const SESSION_PREVIOUS_ID = 'spanlight.session.previous_id';
/** When that one ended: its last activity plus the timeout (Unix ms). */
export const SESSION_PREVIOUS_END = 'spanlight.session.previous_end';

const hrTimeOfMs = (ms: number): [number, number] => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** The session events `span` marks: the end of the previous session (if known), then the start of its own. */
export function sessionEvents(span: SpanRecord): Derived[] {
  const a = span.attributes;
  const id = text(a['session.id']);
  if (a[SESSION_START] !== true || !id) return [];
  const previous = text(a[SESSION_PREVIOUS_ID]);
  const endedAt = a[SESSION_PREVIOUS_END];
  const events: Derived[] = [];
  if (previous) {
    const time = typeof endedAt === 'number' && endedAt > 0 ? hrTimeOfMs(endedAt) : span.start;
    events.push({ eventName: 'session.end', time, attributes: { 'session.id': previous } });
  }
  events.push({ eventName: 'session.start', time: span.start, attributes: previous ? { 'session.id': id, 'session.previous_id': previous } : { 'session.id': id } });
  return events;
}
