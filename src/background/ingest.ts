/**
 * Accepts span batches from the bridges: parses each message again, runs the core for tabs whose
 * CSP refused it in the content script, stores the spans, and only then acknowledges.
 */
import { browser, type Browser } from 'wxt/browser';
import { BRIDGE_PORT, parseBridgeMessage, type BackgroundReply, type IngestMessage } from '../protocol/bridge';
import { asRecord } from '../protocol/check';
import type { SpanRecord } from '../protocol/span';
import type { SpanlightDB } from '../store/db';
import { Tracer, toSpans } from '../tracer/tracer';
import { countDropped, countSampledOut } from '../status';
import { warnOnce } from '../log';
import { tracerConfig, type Settings } from '../settings';
import { storeMakingRoom } from './retention';
import { Sessions } from './session';
import { captureOff, hostOf } from '../sites';

/** Called after spans are stored, e.g. to schedule an export. */
export type OnStored = (count: number) => void;

/**
 * Listens for bridge ports. `settings` gives the current settings (kept in memory by the caller,
 * so a batch costs no storage read).
 */
export function acceptBridgePorts(db: SpanlightDB, runId: Promise<string>, settings: () => Promise<Settings>, onStored: OnStored): void {
  let tracer: Promise<Tracer> | undefined;
  const sessions = new Sessions();
  const spansOf = async (message: IngestMessage): Promise<{ spans: SpanRecord[]; sampledOut: number }> => {
    if (message.type === 'spans') return message;
    tracer ??= Tracer.load('background');
    const core = await tracer;
    core.configure(tracerConfig(await settings()));
    return toSpans(core, message.page, message.events);
  };

  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== BRIDGE_PORT || port.sender?.id !== browser.runtime.id) return;
    const tabId = port.sender?.tab?.id ?? -1;
    // The tab's page and this frame, as the browser saw them when the port opened: a frame on a
    // site where capture is on, inside a page where it is off, is off too.
    const hosts = [hostOf(port.sender?.tab?.url), hostOf(port.sender?.url)].filter(Boolean);
    port.onMessage.addListener(async (raw: unknown) => {
      const message = parseBridgeMessage(raw);
      if (!message) {
        void countDropped('invalid', 1);
        const seq = asRecord(raw)?.seq;
        if (typeof seq === 'number') reply(port, { type: 'nack', seq, error: 'malformed batch' });
        return;
      }
      try {
        const { offSites } = (await settings()).capture;
        if (hosts.some((host) => captureOff(host, offSites))) return reply(port, { type: 'ack', seq: message.seq });
        const { spans, sampledOut } = await spansOf(message);
        const session = await sessions.touch((await settings()).session.timeoutMinutes * 60_000);
        for (const span of spans) {
          span.attributes['session.id'] = session;
          span.attributes['spanlight.tab.id'] = tabId;
        }
        const added = await storeMakingRoom(db, message.batch, spans, { runId: await runId, tabId });
        if (message.dropped) void countDropped('invalid', message.dropped);
        if (sampledOut) void countSampledOut(sampledOut);
        reply(port, { type: 'ack', seq: message.seq });
        if (added) onStored(added);
      } catch (error) {
        // Not acknowledged: the bridge sends the batch again.
        warnOnce(`could not store a batch: ${(error as Error)?.name}`, error);
      }
    });
  });
}

function reply(port: Browser.runtime.Port, message: BackgroundReply): void {
  try {
    port.postMessage(message);
  } catch {
    // The tab went away; nothing to acknowledge.
  }
}
