/**
 * The logs signal against hostile input and bad timing: interleavings of settings changes and
 * export runs, the pending counts and health, what a page can make the background send, and the
 * UI's requests.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Exporters } from '../src/export/exporters';
import { spansToEvents } from '../src/otlp/events';
import { SETTINGS_KEY, normalizeSettings } from '../src/settings';
import { SpanlightDB, signalPosition } from '../src/store/db';
import { countPending } from '../src/store/queries';
import { followExportSwitch } from '../src/background/export-switch';
import type { SpanRecord } from '../src/protocol/span';
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
const configure = async (exportSettings: Record<string, unknown>) => {
  const stored = { export: { endpoint: TRACES, ...exportSettings } };
  await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: stored });
  await followExportSwitch(db, normalizeSettings(stored));
};
const ok = () => new Response('', { status: 200 });
const down = () => new TypeError('Failed to fetch');
/** Spans that each give one log record (a click). */
const clicks = (n: number, tag: string): SpanRecord[] =>
  Array.from({ length: n }, (_, i) =>
    makeSpan(i, { name: 'click', spanId: `${tag}${i}`.padEnd(16, '0'), attributes: { 'ui.event.type': 'click', 'ui.target': `button#${tag}${i}` } }),
  );
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await tick();
  }
  throw new Error(`never: ${what}`);
}

/** A fetch routed by URL, whose traces requests can be held at a gate. */
function gated(logs: () => Response | Error) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = true;
  let url = '';
  const { send, requests } = scriptedFetch(() => (url.endsWith('/v1/logs') ? logs() : ok()));
  const routed = (async (u: string, init: RequestInit) => {
    if (!u.endsWith('/v1/logs') && held) await gate;
    url = u;
    return send(u, init);
  }) as unknown as typeof fetch;
  let waiting = 0;
  const counting = (async (u: string, init: RequestInit) => {
    if (!u.endsWith('/v1/logs')) waiting++;
    return routed(u, init);
  }) as unknown as typeof fetch;
  return {
    send: counting,
    requests,
    waiting: () => waiting,
    release: () => {
      held = false;
      open();
    },
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  db = new SpanlightDB(`hostile-${Math.random()}`);
});
afterEach(async () => {
  for (const exporters of running.splice(0)) exporters.stop();
  await db.delete();
});

describe('a signal turned on while the other one is mid-run', () => {
  it('logs turned on while a traces run drains a backlog: the spans stored after the switch still get their logs', async () => {
    await configure({ batchSpans: 1 });
    // Two rounds of four requests each (batchSpans × IN_FLIGHT).
    const before = clicks(8, 'a');
    await store(db, before);
    let logsUp = false;
    const net = gated(() => (logsUp ? ok() : down()));
    const exporters = exportersWith(net.send);
    const first = exporters.run();
    await until(() => net.waiting() > 0, 'the traces run is on the wire');

    // The user sends both now (the logs collector is still starting); the background applies the
    // switch and restarts the loops, as src/background/index.ts does. More spans arrive.
    await configure({ batchSpans: 1, signals: 'both' });
    const restarted = exporters.restart();
    const after = clicks(3, 'b');
    await store(db, after);
    net.release();
    await Promise.all([first, restarted]);

    // The logs of `after` (stored while logs were on) have not been sent: they must be pending.
    expect(await countPending(db, 'logs')).toBeGreaterThanOrEqual(after.length);

    logsUp = true;
    await exporters.restart();
    const logged = new Set(net.requests.filter((r) => r.url === LOGS).flatMap((r) => r.logs.map((l) => l.spanId)));
    for (const span of after) expect(logged, `the logs of ${span.spanId}`).toContain(span.spanId);
  });

  it('traces turned back on while a logs-only run drains: the spans stored after the switch are still sent as traces', async () => {
    await configure({ batchSpans: 1, signals: 'logs' });
    await store(db, clicks(8, 'a'));
    // Here the logs requests are the held ones, and the traces collector is down at first.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held = true;
    let tracesUp = false;
    let waiting = 0;
    let url = '';
    const { send, requests } = scriptedFetch(() => (url.endsWith('/v1/logs') ? ok() : tracesUp ? ok() : down()));
    const routed = (async (u: string, init: RequestInit) => {
      if (u.endsWith('/v1/logs')) {
        waiting++;
        if (held) await gate;
      }
      url = u;
      return send(u, init);
    }) as unknown as typeof fetch;
    const exporters = exportersWith(routed);
    const first = exporters.run();
    await until(() => waiting > 0, 'the logs run is on the wire');
    await configure({ batchSpans: 1, signals: 'both' });
    const restarted = exporters.restart();
    const after = clicks(3, 'b');
    await store(db, after);
    held = false;
    open();
    await Promise.all([first, restarted]);
    expect(await countPending(db, 'traces')).toBeGreaterThanOrEqual(after.length);
    tracesUp = true;
    await exporters.restart();
    const traced = new Set(requests.filter((r) => r.url === TRACES).flatMap((r) => r.spans.map((s) => s.spanId)));
    for (const span of after) expect(traced, `the span ${span.spanId}`).toContain(span.spanId);
  });
});

// ---------------------------------------------------------------------------------------------
import { parseBridgeMessage } from '../src/protocol/bridge';
import { Tracer } from '../src/tracer/tracer';
import { finishSpans } from '../src/background/finish-spans';
import { encodeSpans } from '../src/otlp/encode';
import { decodeJsonRequest } from './support/otlp';
import { sendOtlp } from '../src/export/transport';
import { readStatus } from '../src/status';
import { countParked } from '../src/store/queries';
import { retryParked } from '../src/store/write-spans';

describe('what a bridge (a compromised renderer) can make the background send', () => {
  const page = { traceId: 'ab'.repeat(16), rootSpanId: 'cd'.repeat(8), timeOrigin: 1_700_000_000_000, url: 'https://evil.example/' };
  /**
   * A wire batch from the real core (one resource the page loaded), with its attribute names
   * changed as a renderer that writes its own bridge messages can: decodeSpanBatch takes any key.
   */
  async function forged(rename: Record<string, string>) {
    const batch = (await Tracer.load('content')).toBatch(page, [
      { type: 'resource', initiatorType: 'victim-session-0123', url: 'https://bank.example/account?id=42', start: 1, end: 2, renderBlocking: true, transferSize: 1, encodedBodySize: 1, decodedBodySize: 1 },
    ]);
    const message = parseBridgeMessage({ type: 'spans', seq: 1, batch: '0123456789abcdef', data: { ...batch, keys: batch.keys.map((k) => rename[k] ?? k) }, dropped: 0 });
    if (message?.type !== 'spans') throw new Error('refused');
    // The activity did not begin a session: the background would mark nothing.
    return finishSpans(message.spans, { page, pageUrl: page.url, lost: 0, redact: undefined, session: { id: 'real-session' }, tabId: 1 });
  }

  it('cannot make session.start / session.end events (spanlight.session.* are the background’s marks)', async () => {
    const spans = await forged({
      'spanlight.resource.render_blocking': 'spanlight.session.start',
      'spanlight.resource.initiator_type': 'spanlight.session.previous_id',
    });
    // The bridge carries them; the background takes its own marks off.
    expect(spans[0]!.attributes['spanlight.session.start']).toBeUndefined();
    const names = spansToEvents(spans).map((e) => e.eventName);
    expect(names).not.toContain('session.start');
    expect(names).not.toContain('session.end');
  });

  it('cannot name another site’s page as the document its spans came from (browser.document.url.full)', async () => {
    const spans = await forged({ 'url.full': 'browser.document.url.full' });
    const [sent] = decodeJsonRequest(encodeSpans(spans, 'http/json', browserInfo));
    expect(sent!.attributes['browser.document.url.full']).toBe(page.url);
  });
});

describe('health and counts', () => {
  it('a signal that is off (no endpoint) shows nothing pending', async () => {
    // Both, but only the logs endpoint set: traces go nowhere; the logs collector is down.
    await configure({ signals: 'both', endpoint: '', logsEndpoint: LOGS });
    await store(db, clicks(3, 'a'));
    const { send } = scriptedFetch(down());
    await exportersWith(send).run();
    const status = await readStatus();
    expect(status.export.state).toBe('off');
    expect(status.export.pending).toBe(0);
  });

  it('a status stored before the rename (lastPartial.rejectedSpans) still reads as a count', async () => {
    await fakeBrowser.storage.local.set({ status: { export: { state: 'ok', endpoint: TRACES, pending: 0, parked: 0, exported: 5, lastPartial: { rejectedSpans: 2, message: 'x', at: 1 } } } });
    expect((await readStatus()).export.lastPartial?.rejected).toBe(2);
  });

  it('parked logs retried after logs were turned off are not counted as pending for ever', async () => {
    await configure({ signals: 'both' });
    await store(db, clicks(3, 'a'));
    const { send } = scriptedFetch(() => new Response('bad', { status: 400 }));
    let url = '';
    const routed = (async (u: string, init: RequestInit) => ((url = u), u.endsWith('/v1/logs') ? send(u, init) : ok())) as unknown as typeof fetch;
    void url;
    const exporters = exportersWith(routed);
    await exporters.run();
    expect(await countParked(db, 'logs')).toBe(3);
    await configure({ signals: 'traces' });
    await retryParked(db); // the Retry button acts on every parked span
    await exporters.restart();
    // Nothing will ever send them (logs are off), yet the store says they wait.
    expect(await countPending(db)).toBe(0);
  });
});

describe('partial success of a logs request', () => {
  const request = { endpoint: LOGS, protocol: 'http/json' as const, headers: {}, compression: 'none' as const, body: new Uint8Array(), signal: 'logs' as const };
  it('reads rejectedLogRecords from a JSON answer', async () => {
    const answer = JSON.stringify({ partialSuccess: { rejectedLogRecords: '2', errorMessage: 'too old' } });
    const send = (async () => new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json' } })) as unknown as typeof fetch;
    const result = await sendOtlp(request, send);
    expect(result).toMatchObject({ kind: 'delivered', partial: { rejected: 2, message: 'too old' } });
  });
  it('reads rejected_log_records from a protobuf answer', async () => {
    // ExportLogsServiceResponse { partial_success (1) { rejected_log_records (1) = 3, error_message (2) = "x" } }
    const body = new Uint8Array([0x0a, 0x05, 0x08, 0x03, 0x12, 0x01, 0x78]);
    const send = (async () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-protobuf' } })) as unknown as typeof fetch;
    const result = await sendOtlp({ ...request, protocol: 'http/protobuf' }, send);
    expect(result).toMatchObject({ kind: 'delivered', partial: { rejected: 3, message: 'x' } });
  });
});

import { answerUiRequests } from '../src/background/ui-requests';
import { decodeJsonRequest as decodeTraces } from './support/otlp';

describe('the UI requests (What will be sent)', () => {
  async function ask(message: Record<string, unknown>) {
    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') };
    const [answer] = await (fakeBrowser.runtime.onMessage as unknown as { trigger: (...a: unknown[]) => Promise<unknown[]> }).trigger(message, sender);
    return answer as { ok: boolean; value: { spans: number; json: string; endpoint: string; logs?: { records: number } } };
  }

  it('shows as the next traces request no span the traces collector already took', async () => {
    await configure({ signals: 'both' });
    const spans = clicks(3, 'a');
    await store(db, spans);
    let url = '';
    const { send, requests } = scriptedFetch(() => (url.endsWith('/v1/logs') ? down() : ok()));
    const routed = (async (u: string, init: RequestInit) => ((url = u), send(u, init))) as unknown as typeof fetch;
    const exporters = exportersWith(routed);
    await exporters.run();
    const tracedIds = new Set(requests.filter((r) => r.url === TRACES).flatMap((r) => r.spans.map((s) => s.spanId)));
    expect(tracedIds.size).toBe(3);
    answerUiRequests(db, exporters, browserInfo);
    const preview = await ask({ type: 'preview-export' });
    expect(preview.ok).toBe(true);
    const shown = decodeTraces(new TextEncoder().encode(preview.value.json));
    expect(shown.filter((s) => tracedIds.has(s.spanId))).toEqual([]);
  });

  it('tests the logs endpoint alone with signals logs and no traces endpoint (held)', async () => {
    const seen: string[] = [];
    const exporters = exportersWith(scriptedFetch(ok()).send);
    answerUiRequests(db, exporters, browserInfo);
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (u: string) => (seen.push(u), new Response('', { status: 200 }))) as unknown as typeof fetch;
    try {
      const answer = await ask({ type: 'test-connection', export: { endpoint: '', signals: 'logs', logsEndpoint: LOGS } });
      expect(answer.value).toMatchObject({ ok: true });
      expect(seen).toEqual([LOGS]);
      const none = await ask({ type: 'test-connection', export: { endpoint: '', signals: 'logs', logsEndpoint: '' } });
      expect(none.value).toMatchObject({ ok: false });
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

import { storeBatch } from '../src/store/write-spans';
import { IMPORTED } from '../src/store/write-spans';

describe('imported spans (held)', () => {
  it('are never sent, as traces or as logs, whatever the signals', async () => {
    await configure({ signals: 'both', spanEvents: true });
    await storeBatch(db, 'import:1', clicks(4, 'i').map((s) => ({ ...s, resource: { 'service.name': 'forged' } })), IMPORTED, 1);
    const { send, requests } = scriptedFetch(ok());
    await exportersWith(send).run();
    expect(requests).toEqual([]);
    expect(await countPending(db)).toBe(0);
    expect(await signalPosition(db, 'logs')).toEqual({ seq: 0, offset: 0 });
  });
});
