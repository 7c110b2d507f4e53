/**
 * A page for the viewer's components under linkedom, set up before each test and taken down after
 * it: `document` and `window` as globals, every element of one size (`resize` changes it and tells
 * the ResizeObservers observing), its bounding box at the origin, computed styles empty, and
 * canvases whose 2D context records each call with the styles set at the time. Components render
 * into `root` and are unmounted after each test while these stand-ins are still in place.
 */
import { parseHTML } from 'linkedom';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, vi } from 'vitest';

export const { document, window } = parseHTML('<!doctype html><html><body></body></html>');

/** What a chart drew: one call on its 2D context, with the styles set at the time. */
export interface Op {
  op: string;
  args: unknown[];
  fillStyle: string;
  strokeStyle: string;
  canvas: HTMLCanvasElement;
}

/** The context's calls the charts make, each recorded. */
const CALLS = ['setTransform', 'clearRect', 'fillRect', 'strokeRect', 'fillText', 'beginPath', 'moveTo', 'lineTo', 'stroke', 'save', 'restore', 'rect', 'clip'];

class RecordingContext {
  fillStyle = '';
  strokeStyle = '';
  lineWidth = 1;
  globalAlpha = 1;
  font = '';
  textBaseline = '';
  constructor(
    readonly canvas: HTMLCanvasElement,
    ops: Op[],
  ) {
    for (const op of CALLS) {
      (this as Record<string, unknown>)[op] = (...args: unknown[]) => ops.push({ op, args, fillStyle: this.fillStyle, strokeStyle: this.strokeStyle, canvas });
    }
  }
  /** Every character 6 px wide. */
  measureText(text: string) {
    return { width: text.length * 6 };
  }
}

export interface ViewerDom {
  /** The element a test renders into. */
  readonly root: Element;
  /** Every element's client size, `initial` at the start of each test. */
  readonly size: { width: number; height: number };
  /** Each call on a canvas's context in this test (empty it with `ops.length = 0`). */
  readonly ops: Op[];
  /** The calls named `op` on the canvas whose test id is `testId`. */
  drawn(testId: string, op: string): Op[];
  /** Gives every element this size and runs the callbacks of the ResizeObservers observing. */
  resize(width: number, height?: number): Promise<void>;
  /** How many ResizeObservers observe an element. */
  readonly observing: number;
}

/** Sets up the page before each test of the file (or of the `describe` it is called in), `initial` px per element. */
export function useViewerDom(initial = { width: 1400, height: 700 }): ViewerDom {
  const size = { ...initial };
  const ops: Op[] = [];
  const observers = new Set<FakeResizeObserver>();
  const contexts = new WeakMap<HTMLCanvasElement, RecordingContext>();
  let root: Element | undefined;

  class FakeResizeObserver {
    constructor(readonly callback: () => void) {}
    observe() {
      observers.add(this);
    }
    disconnect() {
      observers.delete(this);
    }
  }

  const patches: [object, string, PropertyDescriptor][] = [
    [window.HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => size.width }],
    [window.HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => size.height }],
    [window.HTMLElement.prototype, 'getBoundingClientRect', { configurable: true, value: () => ({ left: 0, top: 0, right: size.width, bottom: size.height, width: size.width, height: size.height }) }],
    [
      window.HTMLCanvasElement.prototype,
      'getContext',
      {
        configurable: true,
        value(this: HTMLCanvasElement) {
          if (!contexts.has(this)) contexts.set(this, new RecordingContext(this, ops));
          return contexts.get(this);
        },
      },
    ],
  ];
  const originals = patches.map(([target, key]) => Object.getOwnPropertyDescriptor(target, key));

  beforeEach(() => {
    Object.assign(size, initial);
    ops.length = 0;
    observers.clear();
    vi.stubGlobal('document', document);
    vi.stubGlobal('window', window);
    vi.stubGlobal('HTMLElement', window.HTMLElement);
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    vi.stubGlobal('getComputedStyle', () => ({ getPropertyValue: () => '' }));
    for (const [target, key, descriptor] of patches) Object.defineProperty(target, key, descriptor);
    root = document.createElement('div');
    document.body.appendChild(root);
  });
  afterEach(async () => {
    // Unmounted while the stand-ins are there: no effect or timer left to run after them.
    await act(() => render(null, root!));
    root!.remove();
    vi.unstubAllGlobals();
    patches.forEach(([target, key], i) => {
      const original = originals[i];
      if (original) Object.defineProperty(target, key, original);
      else delete (target as Record<string, unknown>)[key];
    });
  });

  return {
    get root() {
      return root!;
    },
    size,
    ops,
    drawn: (testId, op) => ops.filter((o) => o.op === op && o.canvas.getAttribute('data-testid') === testId),
    resize: (width, height = size.height) =>
      act(() => {
        Object.assign(size, { width, height });
        for (const observer of [...observers]) observer.callback();
      }),
    get observing() {
      return observers.size;
    },
  };
}
