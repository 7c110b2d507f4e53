/**
 * Interactions: clicks, keyboard activation (Enter or Space; no other key is ever recorded) and
 * form submits, each a span from the event's time until the task that dispatched it has finished.
 * A fetch or XHR its handlers start is its child. The target is described by tags, id and
 * classes, never by its text or values.
 */
import type { CaptureContext } from './context';
import { describeTarget } from './describe-target';
import { later, now } from './platform';
import { reader } from './page-values';

/** Keys that activate the focused control; which key it was is all that is kept. */
const ACTIVATION_KEYS: Record<string, 'Enter' | 'Space'> = { Enter: 'Enter', ' ': 'Space' };

const timeStamp = reader<number>(Event.prototype, 'timeStamp');
const target = reader<EventTarget>(Event.prototype, 'target');
const keyOf = reader<string>(KeyboardEvent.prototype, 'key');
const repeat = reader<boolean>(KeyboardEvent.prototype, 'repeat');

export function captureInteractions({ emit, signal, trace, onLeave }: CaptureContext): void {
  /** Interactions whose handlers may still be running, each with what sends it. */
  const open = new Set<() => void>();
  const record = (event: Event, kind: 'click' | 'keydown' | 'submit', key?: 'Enter' | 'Space') => {
    const start = timeStamp(event) ?? now();
    const view = trace.view; // a click that changes the route still happened on the old view
    const described = describeTarget(target(event) ?? null);
    const spanId = trace.spanId();
    const during = (trace.during = { parent: spanId });
    const finish = () => {
      open.delete(finish);
      if (trace.during === during) trace.during = {};
      emit({ type: 'interaction', event: kind, start, end: now(), target: described, view, spanId, ...(key ? { key } : {}) });
    };
    open.add(finish);
    // A zero-delay timer runs after every listener of this event has returned (the platform's:
    // a page's patched setTimeout, zone.js's say, must not count it as the app's task).
    later(() => open.has(finish) && finish(), 0);
  };
  // Leaving the page before the timer: the interaction ends now.
  onLeave(() => [...open].forEach((finish) => finish()));
  const options = { capture: true, signal };
  window.addEventListener('click', (event) => record(event, 'click'), options);
  window.addEventListener('submit', (event) => record(event, 'submit'), options);
  window.addEventListener(
    'keydown',
    (event) => {
      const name = keyOf(event);
      const key = name === 'Enter' || name === ' ' ? ACTIVATION_KEYS[name] : undefined;
      if (key && !repeat(event)) record(event, 'keydown', key);
    },
    options,
  );
}
