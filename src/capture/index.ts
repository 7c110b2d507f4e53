/** Starts every page-side capture; one abort() tears them all down. */
import { captureClicks } from './clicks';
import { captureErrors } from './errors';
import { instrumentFetch } from './fetch';
import { openPageChannel, type Emit } from './page-channel';
import { capturePageLoad } from './page-load';
import { captureRouteChanges } from './routes';
import { TraceContext } from './trace-context';
import { captureUserTiming } from './user-timing';
import { instrumentXhr } from './xhr';

/** A page-side feature: records what it observes through `emit`, until `signal` aborts. */
export type Feature = (emit: Emit, signal: AbortSignal, trace: TraceContext) => void;

export function startCapture(signal: AbortSignal): void {
  const trace = new TraceContext();
  const emit = openPageChannel(signal, (config) => trace.configure(config));
  const features: Feature[] = [
    capturePageLoad,
    instrumentFetch,
    instrumentXhr,
    captureErrors,
    captureClicks,
    captureUserTiming,
    captureRouteChanges,
  ];
  for (const feature of features) {
    try {
      feature(emit, signal, trace);
    } catch {
      // A page that has broken a platform API loses that feature, never the others.
    }
  }
}
