/**
 * The content script's link to the background: a runtime.Port that reconnects when the worker
 * restarts, and keeps every batch until the background answers it. An ack means stored; a nack
 * means refused for good (the background counted it as dropped), so it is never sent again. A
 * batch left unanswered (the background could not store it) is sent again on reconnect and after
 * a delay that doubles with each round that brings no ack, up to MAX_DELAY_MS, and starts again
 * from the first delay once an ack arrives: a background that fails every write is not flooded.
 * The background's writes are idempotent, so a repeat is harmless.
 */
import type { Browser } from 'wxt/browser';
import { extensionApi } from '../extension-api';
import { BRIDGE_PORT, type BackgroundReply, type BridgeMessage } from '../protocol/bridge';
import { randomHexId } from '../tracer/ids';

type Outgoing = BridgeMessage extends infer M ? (M extends BridgeMessage ? Omit<M, 'seq' | 'batch'> : never) : never;

/** The first wait for an ack, and the first wait before sending again on a reconnected port. */
export const ACK_TIMEOUT_MS = 10_000;
const RECONNECT_DELAY_MS = 50;
/** The longest wait between rounds of resends. */
export const MAX_DELAY_MS = 5 * 60_000;
/** Batches kept while the background does not answer; the oldest is dropped beyond this. */
const MAX_UNACKED = 500;

/** Opens the port to the background (runtime.connect; a test passes its own). */
export type Connect = () => Browser.runtime.Port;

export class BackgroundLink {
  private port: Browser.runtime.Port | undefined;
  private seq = 0;
  private readonly unacked = new Map<number, { message: BridgeMessage; sentAt: number; items: number }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Rounds of resends since the last ack: each doubles the wait before the next. */
  private rounds = 0;
  /** Spans and events lost here (the backlog overflowed), for the next batch to report. */
  lost = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly open: Connect = () => extensionApi().runtime.connect({ name: BRIDGE_PORT }),
  ) {
    signal.addEventListener('abort', () => this.close(), { once: true });
    // Connected now, not at the first batch: a port first opened while the page is being left
    // (a tab closed within the first batch's delay) may never carry its message in Firefox.
    this.connect();
    // The browser closes the port of a page put in the back/forward cache, without telling this
    // side: a restored page opens a new one and sends again what was not acknowledged.
    globalThis.addEventListener?.(
      'pageshow',
      (event) => {
        if (!event.persisted) return;
        this.port = undefined;
        this.resend(0);
      },
      { signal },
    );
  }

  /**
   * Sends a batch of `items` page events; it is kept until answered, and sent again as it was
   * (same batch id). Should the backlog overflow, its events are what `lost` counts.
   */
  send(batch: Outgoing, items = 0): void {
    const message = { ...batch, seq: ++this.seq, batch: randomHexId(8) } as BridgeMessage;
    if (this.unacked.size >= MAX_UNACKED) {
      const oldest = this.unacked.keys().next().value!;
      this.lost += this.unacked.get(oldest)!.items;
      this.unacked.delete(oldest);
    }
    this.unacked.set(message.seq, { message, sentAt: Date.now(), items });
    this.post(message);
    this.schedule(ACK_TIMEOUT_MS);
  }

  /** Batches not yet answered. */
  get pending(): number {
    return this.unacked.size;
  }

  /** The wait `base` grown by the rounds without an ack. */
  private delay(base: number): number {
    return Math.min(base * 2 ** Math.min(this.rounds, 20), MAX_DELAY_MS);
  }

  private schedule(base: number): void {
    if (this.timer || this.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.resend(this.delay(ACK_TIMEOUT_MS));
    }, this.delay(base));
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
      const port = this.open();
      port.onMessage.addListener((reply: BackgroundReply) => this.onReply(reply));
      port.onDisconnect.addListener(() => {
        if (this.port === port) this.port = undefined;
        // A worker restart disconnects us; an extension reload invalidates the context for good.
        if (!extensionApi().runtime?.id) return this.close();
        if (!this.unacked.size) return;
        clearTimeout(this.timer);
        this.timer = undefined;
        this.schedule(RECONNECT_DELAY_MS);
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
    if (reply.type === 'ack') this.rounds = 0;
    if (!this.unacked.size) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Sends again what has waited `age` ms or more for an answer, and waits longer before the next round. */
  private resend(age: number): void {
    if (!this.unacked.size) return;
    const stale = Date.now() - age;
    for (const entry of this.unacked.values()) {
      if (entry.sentAt > stale) continue;
      entry.sentAt = Date.now();
      this.post(entry.message);
    }
    this.rounds++;
    this.schedule(ACK_TIMEOUT_MS);
  }

  private close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.port?.disconnect();
    } catch {
      // already gone
    }
    this.port = undefined;
  }
}
