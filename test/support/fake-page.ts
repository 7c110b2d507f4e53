/**
 * For tests of page-side captures under a fake DOM (Node has no WebSocket, Worker or ErrorEvent):
 * before each test a new page (an EventTarget as `window`, holding the fake constructors), the
 * platform's globals stubbed, the capture modules loaded afresh and started with a context whose
 * events are kept in a list; after each, the captures stopped and the globals restored. Also what
 * a call throws, to compare a wrapper's errors with the platform's.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { CaptureContext } from '../../src/capture/context';
import type { PageEvent } from '../../src/protocol/page';

export interface FakePageOptions<P extends object> {
  /** What the page's window holds (the constructors the captures wrap), each also a global. */
  page: P;
  /** Other globals the captures read, made anew for each test. */
  globals?: () => Record<string, unknown>;
  /** The page view the context's trace is in. */
  view?: number;
  /** Loads the captures (`await import(...)`, after the modules were reset) and starts them. */
  start(context: CaptureContext): Promise<void>;
}

export interface FakePage<P extends object> {
  /** This test's page: what the captures left on its window. */
  readonly page: EventTarget & P;
  /** The events the captures emitted in this test. */
  readonly events: PageEvent[];
  /** Aborts when capture stops (after each test, or when a test stops it). */
  readonly stop: AbortController;
}

/** Sets up a page and its captures before each test of the file (or of the `describe` it is called in). */
export function useFakePage<P extends object>({ page, globals = () => ({}), view = 0, start }: FakePageOptions<P>): FakePage<P> {
  const current = {} as { page: EventTarget & P; events: PageEvent[]; stop: AbortController };
  beforeEach(async () => {
    current.events = [];
    current.stop = new AbortController();
    current.page = Object.assign(new EventTarget(), page);
    vi.stubGlobal('window', current.page);
    for (const [name, value] of Object.entries({ ...page, ...globals() })) vi.stubGlobal(name, value);
    vi.resetModules();
    await start({
      emit: (event) => void current.events.push(event),
      signal: current.stop.signal,
      // Nothing is propagated (as by default).
      trace: { view, during: {}, propagates: () => false, headerFor: () => undefined } as unknown as CaptureContext['trace'],
      onLeave: () => undefined,
      onConfig: () => undefined,
    });
  });
  afterEach(() => {
    current.stop.abort();
    vi.unstubAllGlobals();
  });
  return current;
}

/** What `run` throws (its class, name and message), or 'no error'. */
export function attempt(run: () => unknown): unknown {
  try {
    run();
    return 'no error';
  } catch (error) {
    return { kind: Object.getPrototypeOf(error), name: (error as Error).name, message: (error as Error).message };
  }
}
