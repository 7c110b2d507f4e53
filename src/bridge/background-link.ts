/**
 * The content script's link to the background: a runtime.Port that reconnects when the worker
 * restarts, and keeps every batch until the background acknowledges it (after storing it).
 * Unacknowledged batches are sent again on reconnect and after ACK_TIMEOUT_MS; the background's
 * writes are idempotent, so a repeat is harmless.
 */
import { browser, type Browser } from 'wxt/browser';
import { BRIDGE_PORT, type BackgroundReply, type BridgeMessage } from '../protocol/bridge';
import { randomHexId } from '../tracer/ids';

type Outgoing = BridgeMessage extends infer M ? (M extends BridgeMessage ? Omit<M, 'seq' | 'batch'> : never) : never;

const ACK_TIMEOUT_MS = 10_000;
/** Batches kept while the background does not answer; the oldest is dropped beyond this. */
const MAX_UNACKED = 500;

export class BackgroundLink {
  private port: Browser.runtime.Port | undefined;
  private seq = 0;
  private readonly unacked = new Map<number, { message: BridgeMessage; sentAt: number }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Batches lost here (backlog overflow or refused by the background). */
  lost = 0;

  constructor(private readonly signal: AbortSignal) {
    signal.addEventListener('abort', () => this.close(), { once: true });
    // Connected now, not at the first batch: a port first opened while the page is being left
    // (a tab closed within the first batch's delay) may never carry its message in Firefox.
    this.connect();
    // The browser closes the port of a page put in the back/forward cache, without telling this
    // side: a restored page opens a new one and sends again what was not acknowledged.
    addEventListener(
      'pageshow',
      (event) => {
        if (!event.persisted) return;
        this.port = undefined;
        this.resendAll();
      },
      { signal },
    );
  }

  /** Sends a batch; it is kept until acknowledged, and sent again as it was (same batch id). */
  send(batch: Outgoing): void {
    const message = { ...batch, seq: ++this.seq, batch: randomHexId(8) } as BridgeMessage;
    if (this.unacked.size >= MAX_UNACKED) {
      const oldest = this.unacked.keys().next().value!;
      this.unacked.delete(oldest);
      this.lost++;
    }
    this.unacked.set(message.seq, { message, sentAt: Date.now() });
    this.post(message);
    this.timer ??= setInterval(() => this.resendStale(), ACK_TIMEOUT_MS);
  }

  /** Batches not yet acknowledged. */
  get pending(): number {
    return this.unacked.size;
  }

  private post(message: BridgeMessage): void {
    const port = this.port ?? this.connect();
    try {
      port?.postMessage(message);
    } catch {
      // The port died under us; onDisconnect reconnects and resends.
    }
  }

  private connect(): Browser.runtime.Port | undefined {
    if (this.signal.aborted) return undefined;
    try {
      const port = browser.runtime.connect({ name: BRIDGE_PORT });
      port.onMessage.addListener((reply: BackgroundReply) => this.onReply(reply));
      port.onDisconnect.addListener(() => {
        if (this.port === port) this.port = undefined;
        // A worker restart disconnects us; an extension reload invalidates the context for good.
        if (!browser.runtime?.id) return this.close();
        if (this.unacked.size) setTimeout(() => this.resendAll(), 50);
      });
      this.port = port;
      return port;
    } catch {
      this.close(); // "Extension context invalidated": the extension was reloaded or removed.
      return undefined;
    }
  }

  private onReply(reply: BackgroundReply): void {
    if (!this.unacked.delete(reply?.seq)) return;
    if (reply.type === 'nack') this.lost++;
    if (!this.unacked.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private resendAll(): void {
    for (const entry of this.unacked.values()) {
      entry.sentAt = Date.now();
      this.post(entry.message);
    }
  }

  private resendStale(): void {
    const stale = Date.now() - ACK_TIMEOUT_MS;
    for (const entry of this.unacked.values()) {
      if (entry.sentAt > stale) continue;
      entry.sentAt = Date.now();
      this.post(entry.message);
    }
  }

  private close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    try {
      this.port?.disconnect();
    } catch {
      // already gone
    }
    this.port = undefined;
  }
}
