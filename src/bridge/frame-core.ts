/**
 * This frame's tracer core, where it runs in the content script (src/bridge/core-placement.ts:
 * Firefox): loaded when the first batch is to be sent, not at document_start. Until it settles
 * (loaded, or refused: then the background's core makes this frame's spans) a batch waits for
 * it, unless it cannot wait (the page is being left, or a full batch is held).
 */
import type { TracerConfig } from '../tracer/span-writer';
import type { Tracer } from '../tracer/tracer';

export class FrameCore {
  /** The loaded core; none where the background runs it, or while it loads, or if it was refused. */
  tracer: Tracer | undefined;
  #state: 'unloaded' | 'loading' | 'settled';
  #load: (() => Promise<Tracer>) | undefined;
  #config: () => TracerConfig;
  #onSettled: () => void;

  /**
   * `load` loads the core: none where the background runs it (so the core is not in this
   * bundle). `config` gives the settings it starts with; `onSettled` sends what waited for it.
   */
  constructor(load: (() => Promise<Tracer>) | undefined, config: () => TracerConfig, onSettled: () => void) {
    this.#load = load;
    this.#config = config;
    this.#onSettled = onSettled;
    this.#state = load ? 'unloaded' : 'settled';
  }

  /** Whether a batch may go now; the first that would wait starts loading the core. */
  ready(cannotWait: boolean): boolean {
    if (this.#state === 'settled' || cannotWait) return true;
    if (this.#state === 'unloaded') this.#start();
    return false;
  }

  #start(): void {
    this.#state = 'loading';
    this.#load!()
      .then(
        (loaded) => {
          try {
            loaded.configure(this.#config());
            this.tracer = loaded;
          } catch {
            // a core that refuses the settings: the background's core makes this frame's spans
          }
        },
        () => undefined,
      )
      .finally(() => {
        this.#state = 'settled';
        this.#onSettled();
      });
  }
}
