/** The background's answers to the UI pages: one named handler per request. */
import { browser, type Browser } from 'wxt/browser';
import { encodeSpans } from '../otlp/encode';
import { encodeLogs } from '../otlp/encode-logs';
import { endpointOf, logsEndpointProblem, sends, SIGNALS, type Signal } from '../signals';
import { encodeSignal, nextRequests } from '../export/requests';
import type { Exporters } from '../export/exporters';
import type { BrowserInfo } from '../otlp/resource';
import { sendOtlp } from '../export/transport';
import { parseUiRequest, type UiRequest, type UiRequestType, type UiResponse } from '../protocol/ui';
import { getSettings } from '../managed-settings';
import { endpointProblem, type Settings } from '../settings';
import { countPending, pendingSpans, withoutLocalTraces } from '../store/queries';
import { countDropped } from '../status';
import { exportHeld, signalPosition, type SpanlightDB } from '../store/db';
import { unsentStored } from '../store/export-hold';
import { withSecretHeaders } from '../store/secrets';
import { discardParked, IMPORTED, removeImported, retryParked } from '../store/write-spans';
import { storeMakingRoom } from './retention';

type Handlers = { [K in UiRequestType]: (request: Extract<UiRequest, { type: K }>) => Promise<UiResponse<K>> };

export function answerUiRequests(db: SpanlightDB, exporter: Exporters, browserInfo: BrowserInfo): void {
  const handlers: Handlers = {
    async 'export-now'() {
      await exporter.restart();
      return { ok: true };
    },
    async 'retry-parked'() {
      const retried = await retryParked(db);
      void exporter.restart();
      return { retried };
    },
    async 'discard-parked'() {
      const discarded = await discardParked(db);
      await countDropped('discarded', discarded);
      void exporter.run();
      return { discarded };
    },
    async 'import-spans'({ key, spans }) {
      // Never into a page view this browser recorded: a file cannot change what was traced here.
      const { kept } = await withoutLocalTraces(db, spans);
      return { stored: await storeMakingRoom(db, key, kept, IMPORTED, 1) };
    },
    async 'import-undo'({ keys }) {
      return { removed: await removeImported(db, keys) };
    },
    async 'stored-unsent'() {
      return { stored: await unsentStored(db) };
    },
    async 'preview-export'() {
      const { export: settings } = await getSettings();
      const held = await exportHeld(db);
      const asJson = { ...settings, protocol: 'http/json' as const };
      const pretty = (body: Uint8Array | undefined) => (body ? JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 2) : '');
      /** As `signal`'s exporter makes its next request: its oldest pending spans, within the limits (export off: of the stored spans). */
      const first = async (signal: Signal) => {
        if (!held) return (await nextRequests(db, await signalPosition(db, signal), settings.batchSpans, asJson, browserInfo, signal))[0];
        const { spans } = await pendingSpans(db, settings.batchSpans, undefined, { evenHeld: true });
        const [part] = encodeSignal(signal, spans, asJson, browserInfo);
        return part && { records: part.records, body: part.records ? part.body : undefined };
      };
      const traces = sends('traces', settings) ? await first('traces') : undefined;
      const logs = sends('logs', settings) ? await first('logs') : undefined;
      return {
        endpoint: sends('traces', settings) ? settings.endpoint : '',
        protocol: settings.protocol,
        headerNames: Object.keys(settings.headers),
        spans: traces?.records ?? 0,
        pending: held ? await unsentStored(db) : await countPending(db),
        // An empty request when there is none: what the collector would be sent, as JSON.
        json: pretty(traces?.body ?? encodeSpans([], 'http/json', browserInfo)),
        ...(sends('logs', settings) ? { logs: { endpoint: endpointOf('logs', settings), records: logs?.records ?? 0, json: pretty(logs?.body) } } : {}),
      };
    },
    async 'test-connection'({ export: typed }) {
      // Values the form shows as saved are the stored ones.
      const settings = await withSecretHeaders(db, typed);
      // Each signal sent, to its own endpoint: an empty request of its own kind.
      const answers = await Promise.all(SIGNALS.filter((signal) => sends(signal, settings)).map((signal) => testSignal(signal, settings)));
      const message = answers.map((a) => a.message).join('; ');
      return { ok: answers.length > 0 && answers.every((a) => a.ok), message: message || 'no endpoint set' };
    },
  };

  /** Whether `signal`'s endpoint takes an empty request of its kind. */
  async function testSignal(signal: Signal, settings: Settings['export']): Promise<{ ok: boolean; message: string }> {
    const endpoint = endpointOf(signal, settings);
    const prefix = signal === 'logs' ? 'logs: ' : '';
    const problem = endpointProblem(endpoint) ?? (signal === 'logs' ? logsEndpointProblem(settings) : undefined);
    if (!endpoint || problem) return { ok: false, message: `${prefix}${problem ?? 'no endpoint set'}` };
    const started = Date.now();
    const body = signal === 'logs' ? encodeLogs([], settings.protocol, browserInfo) : encodeSpans([], settings.protocol, browserInfo);
    const result = await sendOtlp({ ...settings, endpoint, signal, body });
    const took = `${Date.now() - started} ms`;
    return result.kind === 'delivered'
      ? { ok: true, message: `${prefix}the collector accepted an empty export request (HTTP ${result.status}, ${took})` }
      : { ok: false, message: `${prefix}${result.kind === 'withdrawn' ? 'not sent' : result.message}` };
  }

  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
    // Content scripts speak for web pages: only our own pages may ask the background for anything.
    if (sender.id !== browser.runtime.id || !sender.url || new URL(sender.url).origin !== extensionOrigin) return undefined;
    const request = parseUiRequest(message);
    if (!request) return Promise.resolve({ ok: false, error: 'unknown request' });
    const handler = handlers[request.type] as (r: UiRequest) => Promise<unknown>;
    return handler(request).then(
      (value) => ({ ok: true, value }),
      (error: unknown) => ({ ok: false, error: String((error as Error)?.message ?? error) }),
    );
  });
}
