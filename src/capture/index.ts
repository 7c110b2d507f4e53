/** Starts every page-side capture; one abort() tears them all down. */
import { captureInteractions } from './interactions';
import { captureConsoleErrors, captureErrors } from './errors';
import type { PageConfig } from '../protocol/page';
import { instrumentFetch } from './fetch';
import type { CaptureContext, Feature } from './context';
import { openPageChannel } from './page-channel';
import { ResourceTimings } from './resources';
import { captureRouteChanges } from './routes';
import { TraceContext } from './trace-context';
import { instrumentXhr } from './xhr';
import { reader } from './page-values';

const visibility = reader<DocumentVisibilityState>(Document.prototype, 'visibilityState');

export function startCapture(outer: AbortSignal): void {
  // Aborted from outside, or by the bridge when capture is off on this site.
  const stop = new AbortController();
  outer.addEventListener('abort', () => stop.abort(), { once: true });
  const { signal } = stop;
  const trace = new TraceContext();
  const configListeners: ((config: PageConfig) => void)[] = [];
  const { emit, flushNow } = openPageChannel(signal, (config) => {
    if (config.off) return stop.abort();
    trace.configure(config);
    for (const listener of configListeners) listener(config);
  });
  const leaving: (() => void)[] = [];
  let resources: ResourceTimings;
  try {
    resources = new ResourceTimings(emit, signal);
  } catch {
    return; // a page that broke PerformanceObserver this early broke everything else too
  }
  const context: CaptureContext = {
    emit,
    signal,
    trace,
    resources,
    onLeave: (finish) => leaving.push(finish),
    onConfig: (listener) => configListeners.push(listener),
  };
  context.onLeave(() => resources.leave());
  const features: Feature[] = [
    instrumentFetch,
    instrumentXhr,
    captureErrors,
    captureConsoleErrors,
    captureInteractions,
    captureRouteChanges,
  ];
  for (const feature of features) {
    try {
      feature(context);
    } catch {
      // A page that has broken a platform API loses that feature, never the others.
    }
  }
  // Registered after every feature, on window without capture, so it runs last: what was
  // captured leaves before the page does.
  const leave = () => {
    for (const finish of leaving) {
      try {
        finish();
      } catch {
        // one feature's failure must not keep the others' events from leaving
      }
    }
    flushNow();
  };
  window.addEventListener('pagehide', leave, { signal });
  window.addEventListener('visibilitychange', () => visibility(document) === 'hidden' && leave(), { signal });
}
