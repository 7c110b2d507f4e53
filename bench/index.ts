/**
 * npm run bench: Spanlight's cost and throughput, measured in headless Debian Chromium, side by
 * side with OpenTelemetry JS where the issue asks (bench/peers holds the OTel packages; the
 * first run installs them). `npm run bench` builds the extension first. Prints one table per
 * section. What Spanlight adds to pages (sections 2 and 3) is measured as paired differences,
 * interleaved in a random order, with a 95 % confidence interval and a control of no
 * instrumentation against itself (bench/paired.ts). `--quick` runs small sizes, as CI's smoke
 * test does: it must run and print, and it does not judge the timings. `--page-cost` runs only
 * what the extension costs a page (sections 2 to 7, the README's overhead table); `--viewer` only
 * the viewer at scale (section 9; with `--quick`, at its small sizes). `--storage` runs only
 * section 8 (ingest and export in the service worker), after `npm run build`;
 * `--storage-baseline=DIR` drains another build (e.g. main's .output/chrome-mv3) beside this one.
 * `--fetch-baseline=DIR` runs only the fetch wrapper's own time, this build's beside DIR's (another
 * build's .output/chrome-mv3), interleaved. `--encode` runs only section 13 (the export's encoding, in Node); `--encode-baseline=DIR` runs
 * another checkout's encoder (e.g. main's) beside this one's.
 */
import { ensurePeers } from './bundle';
import { printTable } from './report';
import { benchEncode, encodeBaseline } from './encode';
import { benchFetchBaseline } from './fetch-baseline';
import { benchPageCost } from './page-cost';
import { benchRedaction } from './redaction';
import { benchRules } from './rules';
import { benchLogs } from './logs';
import { benchSize } from './size';
import { benchStorage } from './storage';
import { benchTracer } from './tracer';
import { benchViewer } from './viewer';

const quick = process.argv.includes('--quick');
const pageCostOnly = process.argv.includes('--page-cost');
const viewerOnly = process.argv.includes('--viewer');

/** Section 9: a 100k-span and a 1M-span trace among a million stored spans (quick: 10k and 20k among 20k). */
async function viewerSection(): Promise<void> {
  const viewer = quick ? { stored: 20_000, traces: [10_000, 20_000], runs: 1 } : { stored: 1_000_000, traces: [100_000, 1_000_000], runs: 3 };
  printTable(
    `9. Viewer: traces of ${viewer.traces.map((n) => n.toLocaleString('en-US')).join(' and ')} spans among ${viewer.stored.toLocaleString('en-US')} more stored spans`,
    await benchViewer(viewer.stored, viewer.traces, viewer.runs),
  );
}

/** Section 13: encodeSignal on real pages' spans (quick: 40 page views). */
async function encodeSection(): Promise<void> {
  const runs = quick ? 5 : 25;
  printTable(
    `13. The export's encoding, in Node's V8: encodeSignal on spans as stored and read back, µs per span (median and range of ${runs} interleaved runs)`,
    await benchEncode(quick ? 40 : 240, runs, encodeBaseline(process.argv)),
    'per span',
  );
}

const fetchBaseline = process.argv.find((arg) => arg.startsWith('--fetch-baseline='))?.slice('--fetch-baseline='.length);
if (fetchBaseline) {
  const fetchSizes = quick ? { rounds: 8, calls: 1000, block: 100 } : { rounds: 100, calls: 5000, block: 500 };
  printTable(
    `2b. The fetch wrapper beside another build's, no DevTools session (paired differences, median and 95 % CI, ${fetchSizes.rounds} rounds interleaved in a random order)`,
    await benchFetchBaseline(fetchBaseline, fetchSizes),
  );
  process.exit(0);
}

if (process.argv.includes('--encode')) {
  await encodeSection();
  process.exit(0);
}

const storageOnly = process.argv.includes('--storage');
const baseline = process.argv.find((arg) => arg.startsWith('--storage-baseline='))?.slice('--storage-baseline='.length);

const spans = quick ? 5_000 : 1_000_000;
const storageRounds = quick ? 1 : 3;
const storageTitle = `8. Storage and export: the real service worker, a backlog of ${spans.toLocaleString('en-US')} spans, each variant drained ${storageRounds}× interleaved`;
if (viewerOnly) {
  await viewerSection();
  process.exit(0);
}
if (storageOnly) {
  printTable(storageTitle, await benchStorage(spans, { rounds: storageRounds, baseline }), 'spans/s');
  process.exit(0);
}

ensurePeers();

const tracerSpans = quick ? 20_000 : 200_000;
const tracerRuns = quick ? 2 : 5;
if (!pageCostOnly) {
  printTable(
    `1. Tracer cost per span, ${tracerSpans.toLocaleString('en-US')} spans × ${tracerRuns} runs (median)`,
    await benchTracer(tracerSpans, tracerRuns),
    'per span · spans/s',
  );
}

const sizes = quick ? { fetches: 100, clicks: 1000, rounds: 8, events: 10_000 } : { fetches: 200, clicks: 5000, rounds: 30, events: 100_000 };
const cost = await benchPageCost(sizes);
const paired = `paired differences, median and 95 % CI, ${sizes.rounds} rounds interleaved in a random order`;
printTable(`2. Added main-thread time per call (${paired})`, cost.calls);
printTable(`3. Page load, fresh tab per load (${paired})`, cost.load);
printTable('4. Page-side size, gzip -9', await benchSize(), 'gzip');
printTable('5. The extension\'s scripts on the main thread, per frame, from a CDP trace of the real-site page (median and p90)', cost.scripts);
printTable('6. Renderer memory, garbage collected', cost.memory);
printTable('7. WASM instantiation per frame, and iframes', cost.frames);

if (pageCostOnly) process.exit(0);

printTable(storageTitle, await benchStorage(spans, { rounds: storageRounds, baseline }), 'spans/s');

await viewerSection();

const redactionRuns = quick ? 3 : 9;
printTable(
  `10. Redaction per rule, in Node's V8: a 16 KB string chosen to be slow beside an ordinary one (median and range of ${redactionRuns} interleaved runs)`,
  benchRedaction(redactionRuns, !quick),
  'per call',
);

const rulesSpans = quick ? 2_000 : 20_000;
const rulesRuns = quick ? 3 : 7;
printTable(
  `11. Span rules (OTTL) per span, in Node's V8: five transform statements on fetch spans (median and range of ${rulesRuns} runs of ${rulesSpans.toLocaleString('en-US')} spans)`,
  benchRules(rulesSpans, rulesRuns),
  'per span',
);

const logsViews = quick ? 100 : 800;
const logsRuns = quick ? 5 : 20;
printTable(
  `12. The logs signal, in Node's V8: the events of ${(logsViews * 25).toLocaleString('en-US')} stored spans derived and encoded beside the spans encoded as traces (median and range of ${logsRuns} interleaved runs)`,
  benchLogs(logsViews, logsRuns),
);

await encodeSection();
