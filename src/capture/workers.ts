/**
 * Uncaught errors of the page's dedicated and module workers: the ErrorEvent the browser fires
 * at the Worker object becomes an exception, as the page's own errors do, naming the worker. The
 * page gets the browser's own Worker (made with the page's `new.target`; what the constructor
 * throws, it throws as without us), and the listener, the platform's, cancels nothing: the error
 * still reaches the page's `onerror` and the console as before.
 */
import type { CaptureContext } from './context';
import { errorEvent, errorEventFields } from './errors';
import { wrapConstructor } from './native';
import { construct, on } from './platform';
import { absoluteUrl, ownValue } from './request-info';

export function captureWorkerErrors({ emit, signal }: CaptureContext): void {
  const restore = wrapConstructor(window, 'Worker', (original, args, newTarget) => {
    const worker = construct(original as typeof Worker, args as [string], newTarget) as Worker;
    try {
      // A data property only: the browser has read the options (and run any getter) itself.
      const kind = ownValue(args[1], 'type') === 'module' ? 'module' : 'dedicated';
      const script = absoluteUrl(args[0]);
      on(
        worker,
        'error',
        (event) => {
          const message = errorEvent.message(event);
          // Not an ErrorEvent: the script did not load.
          if (message !== undefined) emit({ ...errorEventFields(event, message, true), worker: kind, script });
        },
        // No signal: it would hold each worker until capture stops. Stopped, what this records
        // goes nowhere (the page channel is closed).
        {},
      );
    } catch {
      // a worker we cannot watch is still the page's
    }
    return worker;
  });
  signal.addEventListener('abort', restore, { once: true });
}
