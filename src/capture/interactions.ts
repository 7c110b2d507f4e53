/**
 * Interactions: clicks, keyboard activation (Enter or Space; no other key is ever recorded) and
 * form submits, each a span from the event's time until the task that dispatched it has finished.
 * A fetch or XHR its handlers start is its child. The target is described by tags, id and
 * classes, never by its text or values.
 */
import type { CaptureContext } from './context';
import { describeTarget } from './describe-target';
import { later, list, now } from './platform';
import { reader } from './page-values';

/** Keys that activate the focused control; which key it was is all that is kept. */
const ACTIVATION_KEYS: Record<string, 'Enter' | 'Space'> = { Enter: 'Enter', ' ': 'Space' };

const timeStamp = reader<number>(Event.prototype, 'timeStamp');
const target = reader<EventTarget>(Event.prototype, 'target');
const keyOf = reader<string>(KeyboardEvent.prototype, 'key');
const repeat = reader<boolean>(KeyboardEvent.prototype, 'repeat');

export function captureInteractions({ emit, signal, trace, onLeave }: CaptureContext): void {
  /**
   * Interactions whose handlers may still be running, each with what sends it: at most a few at
   * once, in a plain array walked by index (a page's patched Set or Array methods see nothing).
   */
  let open = list<() => void>();
  const record = (event: Event, kind: 'click' | 'keydown' | 'submit', key?: 'Enter' | 'Space') => {
    const start = timeStamp(event) ?? now();
    const view = trace.view; // a click that changes the route still happened on the old view
    const described = describeTarget(target(event) ?? null);
    const spanId = trace.spanId();
    const during = (trace.during = { parent: spanId });
    const finish = () => {
      const still = list<() => void>();
      for (let i = 0; i < open.length; i++) if (open[i] !== finish) still[still.length] = open[i]!;
      open = still;
      if (trace.during === during) trace.during = {};
      emit({ type: 'interaction', event: kind, start, end: now(), target: described, view, spanId, ...(key ? { key } : {}) });
    };
    open[open.length] = finish;
    // A zero-delay timer runs after every listener of this event has returned (the platform's:
    // a page's patched setTimeout, zone.js's say, must not count it as the app's task).
    later(() => {
      for (let i = 0; i < open.length; i++) if (open[i] === finish) return finish();
    }, 0);
  };
  // Leaving the page before the timer: the interaction ends now.
  onLeave(() => {
    const all = open;
    for (let i = 0; i < all.length; i++) all[i]!();
  });
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
