/**
 * runtime.Port pairs for tests of the bridge ↔ background channel: messages are delivered
 * asynchronously and as JSON (as Chromium's extension messaging does), and `onConnect` stands in
 * for browser.runtime.onConnect.
 */
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

type Listener<T> = (value: T) => void;

class Channel<T> {
  readonly listeners: Listener<T>[] = [];
  addListener(listener: Listener<T>): void {
    this.listeners.push(listener);
  }
  emit(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
}

/** One end of a port; `peer` is the other end. */
export class FakePort {
  readonly onMessage = new Channel<unknown>();
  readonly onDisconnect = new Channel<FakePort>();
  peer!: FakePort;
  connected = true;
  /** Messages that went out of this end. */
  readonly sent: unknown[] = [];

  constructor(
    readonly name: string,
    readonly sender?: Browser.runtime.MessageSender,
  ) {}

  postMessage(message: unknown): void {
    if (!this.connected) throw new Error('Attempting to use a disconnected port object');
    this.sent.push(message);
    const copy = JSON.parse(JSON.stringify(message));
    const peer = this.peer;
    queueMicrotask(() => peer.connected && peer.onMessage.emit(copy));
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = this.peer.connected = false;
    const peer = this.peer;
    queueMicrotask(() => peer.onDisconnect.emit(peer));
  }
}

/** A stand-in for browser.runtime.onConnect, and `connect` to open a port from a frame. */
export function fakeRuntime() {
  const onConnect = new Channel<Browser.runtime.Port>();
  return {
    onConnect,
    /** Opens a port named `name` from the frame `frameId` at `url` in tab `tabId` (whose top document is at `tabUrl`); returns the frame's end. */
    connect(name: string, tabId: number, url: string, frameId = 0, tabUrl = url): FakePort {
      const sender = { id: fakeBrowser.runtime.id, url, frameId, tab: { id: tabId, url: tabUrl } } as Browser.runtime.MessageSender;
      const frame = new FakePort(name);
      const background = new FakePort(name, sender);
      frame.peer = background;
      background.peer = frame;
      onConnect.emit(background as unknown as Browser.runtime.Port);
      return frame;
    },
  };
}
