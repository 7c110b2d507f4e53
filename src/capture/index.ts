/** Starts every page-side capture; one abort() tears them all down. */
import { captureClicks } from './clicks';
import { captureErrors } from './errors';
import { instrumentFetch } from './fetch';
import { openPageChannel } from './page-channel';
import { capturePageLoad } from './page-load';
import { instrumentXhr } from './xhr';

export function startCapture(signal: AbortSignal): void {
  const emit = openPageChannel(signal);
  for (const feature of [capturePageLoad, instrumentFetch, instrumentXhr, captureErrors, captureClicks]) {
    try {
      feature(emit, signal);
    } catch {
      // A page that has broken a platform API loses that feature, never the others.
    }
  }
}
