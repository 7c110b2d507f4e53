/** Starts every page-side capture; one abort() tears them all down. */
import { captureInteractions } from './interactions';
import { captureConsoleErrors, captureErrors } from './errors';
import type { PageConfig } from '../protocol/page';
import { instrumentFetch } from './fetch';
import type { CaptureContext, Feature } from './context';
import { openPageChannel } from './page-channel';
import { captureRouteChanges } from './routes';
import { TraceContext } from './trace-context';
import { instrumentXhr } from './xhr';
import { instrumentWebSockets } from './sockets';
import { captureWorkerErrors } from './workers';
import { reader } from './page-values';
import { apply } from './platform';

const visibility = reader<DocumentVisibilityState>(Document.prototype, 'visibilityState');
const { abort } = AbortController.prototype;

export function startCapture(outer: AbortSignal): void {
  // Aborted from outside, or by the bridge when capture is off on this site.
  const stop = new AbortController();
  outer.addEventListener('abort', () => stop.abort(), { once: true });
  const { signal } = stop;
  const trace = new TraceContext();
  const configListeners: ((config: PageConfig) => void)[] = [];
  const { emit, flushNow } = openPageChannel(signal, (config) => {
    if (config.off) return void apply(abort, stop, []);
    trace.configure(config);
    // Index loops: an array's iterator is the page's to replace.
    for (let i = 0; i < configListeners.length; i++) configListeners[i]!(config);
  });
  const leaving: (() => void)[] = [];
  const context: CaptureContext = {
    emit,
    signal,
    trace,
    onLeave: (finish) => leaving.push(finish),
    onConfig: (listener) => configListeners.push(listener),
  };
  const features: Feature[] = [
    instrumentFetch,
    instrumentXhr,
    instrumentWebSockets,
    captureErrors,
    captureWorkerErrors,
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
    for (let i = 0; i < leaving.length; i++) {
      try {
        leaving[i]!();
      } catch {
        // one feature's failure must not keep the others' events from leaving
      }
    }
    flushNow();
  };
  window.addEventListener('pagehide', leave, { signal });
  window.addEventListener('visibilitychange', () => visibility(document) === 'hidden' && leave(), { signal });
}
