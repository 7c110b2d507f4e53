/** Starts every page-side capture; one abort() tears them all down. */
import { captureInteractions } from './interactions';
import { captureLongFrames } from './long-frames';
import { captureErrors } from './errors';
import { instrumentFetch } from './fetch';
import type { CaptureContext, Feature } from './context';
import { openPageChannel } from './page-channel';
import { ResourceTimings } from './resources';
import { capturePageLoad } from './page-load';
import { captureRouteChanges } from './routes';
import { TraceContext } from './trace-context';
import { captureUserTiming } from './user-timing';
import { captureWebVitals } from './web-vitals';
import { instrumentXhr } from './xhr';


export function startCapture(signal: AbortSignal): void {
  const trace = new TraceContext();
  const emit = openPageChannel(signal, (config) => trace.configure(config));
  let resources: ResourceTimings;
  try {
    resources = new ResourceTimings(emit, signal);
  } catch {
    return; // a page that broke PerformanceObserver this early broke everything else too
  }
  const context: CaptureContext = { emit, signal, trace, resources };
  const features: Feature[] = [
    capturePageLoad,
    instrumentFetch,
    instrumentXhr,
    captureErrors,
    captureInteractions,
    captureUserTiming,
    captureRouteChanges,
    captureWebVitals,
    captureLongFrames,
  ];
  for (const feature of features) {
    try {
      feature(context);
    } catch {
      // A page that has broken a platform API loses that feature, never the others.
    }
  }
}
