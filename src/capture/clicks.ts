/** A span per click: from the event's time until the task that dispatched it has finished. */
import { describeTarget } from './describe-target';
import type { CaptureContext } from './context';

export function captureClicks({ emit, signal }: CaptureContext): void {
  const now = performance.now.bind(performance);
  window.addEventListener(
    'click',
    (event) => {
      const start = event.timeStamp;
      const target = describeTarget(event.target);
      // A zero-delay timer runs after every listener of this event has returned.
      setTimeout(() => emit({ type: 'click', start, end: now(), target }), 0);
    },
    { capture: true, signal },
  );
}
