import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Exporters } from '../src/export/exporters';
import { spansToEvents } from '../src/otlp/events';
import { SETTINGS_KEY } from '../src/settings';
import { activeSignals, endpointOf, impliedLogsEndpoint, logsEndpointProblem } from '../src/signals';
import { readStatus } from '../src/status';
import { SpanlightDB, signalPosition } from '../src/store/db';
import { countParked, countPending, exportFailures } from '../src/store/queries';
import { followSignals } from '../src/store/signal-progress';
import { retryParked } from '../src/store/write-spans';
import { followExportSwitch } from '../src/background/export-switch';
import { normalizeSettings } from '../src/settings';
import { pageSpans } from './support/page-events';
import { scriptedFetch } from './support/requests';
import { makeSpan } from './support/spans';
import { store } from './support/store';

const browserInfo = { userAgent: 'UA', sdkVersion: '0.1.0' };
const TRACES = 'http://collector.test/v1/traces';
const LOGS = 'http://collector.test/v1/logs';
let db: SpanlightDB;
const running: Exporters[] = [];

const exportersWith = (send: typeof fetch) => {
  const exporters = new Exporters(db, browserInfo, send);
  running.push(exporters);
  return exporters;
};
/** Saves export settings and applies them to the store, as the background does on a change. */
const configure = async (exportSettings: Record<string, unknown>) => {
  const stored = { export: { endpoint: TRACES, ...exportSettings } };
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
  await followExportSwitch(db, normalizeSettings(stored));
};
const ok = () => new Response('', { status: 200 });
const down = () => new TypeError('Failed to fetch');
/** Answers by URL: `logs` for the logs endpoint, `traces` for the traces one. */
const byUrl = (traces: () => Response | Error, logs: () => Response | Error) => {
  let url = '';
  const { send, requests } = scriptedFetch(() => (url.endsWith('/v1/logs') ? logs() : traces()));
  const routed = ((u: string, init: RequestInit) => {
    url = u;
    return send(u, init);
  }) as unknown as typeof fetch;
  return { send: routed, requests };
};

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`test-${Math.random()}`);
});
afterEach(async () => {
  for (const exporters of running.splice(0)) exporters.stop();
  await db.delete();
});

describe('signals from the settings', () => {
  it('derives the logs endpoint from the traces one, and refuses one that would be the traces URL', () => {
    expect(impliedLogsEndpoint('http://c:4318/v1/traces')).toBe('http://c:4318/v1/logs');
    expect(impliedLogsEndpoint('https://c/otlp/v1/traces/')).toBe('https://c/otlp/v1/logs');
    expect(endpointOf('logs', { endpoint: TRACES, logsEndpoint: '' })).toBe(LOGS);
    expect(endpointOf('logs', { endpoint: TRACES, logsEndpoint: 'https://logs.test/ingest' })).toBe('https://logs.test/ingest');
    expect(logsEndpointProblem({ endpoint: 'http://c:4318/ingest', logsEndpoint: '' })).toMatch(/set the logs endpoint/);
    expect(logsEndpointProblem({ endpoint: 'http://c:4318/ingest', logsEndpoint: 'http://c:4318/logs' })).toBeUndefined();
    expect(activeSignals({ signals: 'both', endpoint: '', logsEndpoint: LOGS })).toEqual(['logs']);
    expect(activeSignals({ signals: 'traces', endpoint: TRACES, logsEndpoint: '' })).toEqual(['traces']);
    expect(activeSignals({ signals: 'both', endpoint: TRACES, logsEndpoint: '' })).toEqual(['traces', 'logs']);
  });

  it('reads the settings contract: signals, logsEndpoint and spanEvents, with their defaults', () => {
    expect(normalizeSettings({}).export).toMatchObject({ signals: 'traces', logsEndpoint: '', spanEvents: false, resourceTimingEvents: false });
    expect(normalizeSettings({ export: { signals: 'both', logsEndpoint: ` ${LOGS} `, spanEvents: true } }).export).toMatchObject({ signals: 'both', logsEndpoint: LOGS, spanEvents: true });
    expect(normalizeSettings({ export: { signals: 'metrics', spanEvents: 'yes' } }).export).toMatchObject({ signals: 'traces', spanEvents: false });
  });
});

describe('the logs signal', () => {
  it('sends no logs with traces only (the default)', async () => {
    await configure({});
    await store(db, await pageSpans());
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((r) => r.url === TRACES)).toBe(true);
    expect((await readStatus()).logs.state).toBe('off');
  });

  it('sends the events of the stored spans as logs, each linked to its span, and the spans without an event give no request', async () => {
    await configure({ signals: 'logs' });
    const spans = await pageSpans();
    await store(db, spans);
    const plain = Array.from({ length: 5 }, (_, i) => makeSpan(i)); // no event in these
    await store(db, plain);
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    expect(requests.every((r) => r.url === LOGS)).toBe(true);
    const logs = requests.flatMap((r) => r.logs);
    const expected = spansToEvents(spans);
    expect(expected.length).toBeGreaterThan(5);
    expect(logs.map((l) => [l.eventName, l.spanId])).toEqual(expected.map((e) => [e.eventName, e.spanId]));
    expect(logs.every((l) => l.traceId === spans[0]!.traceId || spans.some((s) => s.traceId === l.traceId))).toBe(true);
    expect(new Set(logs.map((l) => l.eventName))).toEqual(new Set(expected.map((e) => e.eventName)));
    // Everything is sent: the plain spans moved the position without a request of their own.
    expect(await countPending(db)).toBe(0);
    const status = (await readStatus()).logs;
    expect(status).toMatchObject({ state: 'ok', endpoint: LOGS, pending: 0, exported: expected.length });
    expect((await readStatus()).export.state).toBe('off');
  });

  it('keeps each signal at its own pace: a logs collector down holds back neither the traces nor the spans it has not sent', async () => {
    await configure({ signals: 'both' });
    const spans = await pageSpans();
    await store(db, spans);
    let logsUp = false;
    const { send, requests } = byUrl(ok, () => (logsUp ? ok() : down()));
    const exporters = exportersWith(send);
    await exporters.run();
    expect(requests.filter((r) => r.url === TRACES).flatMap((r) => r.spans)).toHaveLength(spans.length);
    // Traces are done; the store still waits for the logs of every span.
    expect(await countPending(db, 'traces')).toBe(0);
    expect(await countPending(db, 'logs')).toBe(spans.length);
    expect(await countPending(db)).toBe(spans.length);
    const status = await readStatus();
    expect(status.export).toMatchObject({ state: 'ok', pending: 0 });
    expect(status.logs).toMatchObject({ state: 'error', pending: spans.length });
    expect(status.logs.lastError).toMatch(/unreachable at http:\/\/collector\.test\/v1\/logs/);

    logsUp = true;
    const before = requests.length;
    await exporters.restart();
    // The logs arrive; the traces are not sent again.
    const after = requests.slice(before);
    expect(after.every((r) => r.url === LOGS)).toBe(true);
    expect(after.flatMap((r) => r.logs)).toHaveLength(spansToEvents(spans).length);
    expect(await countPending(db)).toBe(0);
  });

  it('parks logs the collector refuses under the logs signal, and sends them again when asked', async () => {
    await configure({ signals: 'both' });
    const spans = await pageSpans();
    await store(db, spans);
    let refuse = true;
    const { send, requests } = byUrl(ok, () => (refuse ? new Response('bad', { status: 400 }) : ok()));
    const exporters = exportersWith(send);
    await exporters.run();
    expect(await countParked(db, 'logs')).toBe(spans.length);
    expect(await countParked(db, 'traces')).toBe(0);
    expect(await countPending(db)).toBe(0); // parked is not pending
    expect((await exportFailures(db))[0]).toMatchObject({ signal: 'logs', status: 400 });
    expect((await readStatus()).logs).toMatchObject({ state: 'error', parked: spans.length });

    refuse = false;
    const before = requests.length;
    await retryParked(db);
    await exporters.restart();
    const again = requests.slice(before);
    expect(again.every((r) => r.url === LOGS)).toBe(true);
    expect(again.flatMap((r) => r.logs)).toHaveLength(spansToEvents(spans).length);
    expect(await countParked(db)).toBe(0);
  });

  it('starts a signal turned on later where the others are, not from the first span stored', async () => {
    await configure({});
    await store(db, await pageSpans());
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    await configure({ signals: 'both' });
    expect(await countPending(db, 'logs')).toBe(0);
    const later = await pageSpans();
    await store(db, later.map((s, i) => ({ ...s, spanId: `${i}`.padStart(16, 'a') })));
    await exportersWith(send).run();
    const logs = requests.filter((r) => r.url === LOGS).flatMap((r) => r.logs);
    expect(logs).toHaveLength(spansToEvents(later).length);
    expect(logs.every((l) => l.spanId.startsWith('a'))).toBe(true);
  });

  it('forgets a signal turned off: the store no longer waits for it', async () => {
    await configure({ signals: 'both' });
    const spans = await pageSpans();
    await store(db, spans);
    const { send } = byUrl(ok, down);
    await exportersWith(send).run();
    expect(await countPending(db)).toBe(spans.length);
    await configure({ signals: 'traces' });
    expect(await countPending(db)).toBe(0);
    expect(await db.meta.get('sent:logs')).toBeUndefined();
    // And followSignals never moves the watermark back.
    const before = await signalPosition(db, 'traces');
    await followSignals(db, ['traces', 'logs'], ['traces', 'logs']);
    expect(await signalPosition(db, 'traces')).toEqual(before);
  });
});

describe('the span-event bridge', () => {
  it('attaches the events to their spans as span events when asked, and only then', async () => {
    const spans = await pageSpans();
    await store(db, spans);
    const named = (bridge: boolean) => async () => {
      await configure({ spanEvents: bridge });
      const { send, requests } = scriptedFetch(ok());
      const exporters = exportersWith(send);
      await db.meta.clear(); // send everything again
      await exporters.run();
      return requests.flatMap((r) => r.spans);
    };
    const plain = await named(false)();
    const bridged = await named(true)();
    const events = spansToEvents(spans);
    for (const event of events) {
      const span = bridged.find((s) => s.spanId === event.spanId)!;
      expect(span.events.map((e) => e.name)).toContain(event.eventName);
      expect(plain.find((s) => s.spanId === event.spanId)!.events.map((e) => e.name)).not.toContain(event.eventName);
    }
    const added = bridged.reduce((n, s) => n + s.events.length, 0) - plain.reduce((n, s) => n + s.events.length, 0);
    expect(added).toBe(events.length);
  });
});

describe('a vital reported again', () => {
  const report = (traceId: string, id: string, value: number, at: number) =>
    makeSpan(at, { traceId, name: 'CLS', attributes: { 'browser.web_vital.name': 'cls', 'browser.web_vital.id': id, 'browser.web_vital.value': value, 'browser.web_vital.delta': value - (at > 1 ? 0.05 : 0) } });

  it('goes to the traces once, as its last report, when both are pending; the logs keep every report', async () => {
    await configure({ signals: 'both' });
    const trace = 'ab'.repeat(16);
    const first = report(trace, 'v5-1', 0.05, 1);
    const again = report(trace, 'v5-1', 0.1, 2);
    const other = report('cd'.repeat(16), 'v5-1', 0.2, 3); // the same id in another page view is another metric
    await store(db, [first]);
    await store(db, [again, other]);
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    const traced = requests.filter((r) => r.url === TRACES).flatMap((r) => r.spans.map((s) => s.spanId));
    expect(traced.sort()).toEqual([again.spanId, other.spanId].sort());
    const logged = requests.filter((r) => r.url === LOGS).flatMap((r) => r.logs.map((l) => l.spanId));
    expect(logged.sort()).toEqual([first.spanId, again.spanId, other.spanId].sort());
    expect(await countPending(db)).toBe(0);
    expect((await readStatus()).export.exported).toBe(2);
  });

  it('is sent again when the earlier report went out already (the backend tells them apart by id and delta)', async () => {
    await configure({});
    const trace = 'ab'.repeat(16);
    const first = report(trace, 'v5-2', 0.05, 1);
    await store(db, [first]);
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    const again = report(trace, 'v5-2', 0.1, 2);
    await store(db, [again]);
    await exportersWith(send).run();
    expect(requests.flatMap((r) => r.spans.map((s) => s.spanId))).toEqual([first.spanId, again.spanId]);
  });
});
