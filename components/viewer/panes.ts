/** The viewer's pane sizes, kept between visits (in this extension page's localStorage), and an element's measured size. */
import { useLayoutEffect, useState } from 'preact/hooks';
import { DEFAULT_SIZES, type PaneSizes } from '../../src/viewer/panes';

const KEY = 'spanlight.viewer.panes';

function readSizes(): PaneSizes {
  try {
    const stored = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<PaneSizes> | null;
    const sizes = { ...DEFAULT_SIZES };
    for (const key of Object.keys(DEFAULT_SIZES) as (keyof PaneSizes)[]) {
      if (stored && typeof stored[key] === typeof DEFAULT_SIZES[key]) (sizes as Record<string, unknown>)[key] = stored[key];
    }
    return sizes;
  } catch {
    // Storage unavailable (or a value not ours): the defaults.
    return { ...DEFAULT_SIZES };
  }
}

/** The pane sizes and a setter that changes some of them and keeps them. */
export function usePaneSizes(): [PaneSizes, (change: Partial<PaneSizes>) => void] {
  const [sizes, setSizes] = useState(readSizes);
  const change = (next: Partial<PaneSizes>) =>
    setSizes((before) => {
      const sizes = { ...before, ...next };
      try {
        globalThis.localStorage?.setItem(KEY, JSON.stringify(sizes));
      } catch {
        // Not kept: the sizes still apply to this page.
      }
      return sizes;
    });
  return [sizes, change];
}

/** The element's client width and height, kept current by a ResizeObserver. */
export function useSize(ref: { current: HTMLElement | null }): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ width: el.clientWidth || 0, height: el.clientHeight || 0 });
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return size;
}

let scrollbar: number | undefined;
/** How wide a scroller's vertical scrollbar is here: 0 with overlay scrollbars, ~14 px with classic ones (Firefox on Linux). */
export function scrollbarWidth(): number {
  if (scrollbar === undefined && globalThis.document?.body) {
    const probe = document.createElement('div');
    probe.style.cssText = 'position:absolute;top:-200px;width:100px;height:100px;overflow:scroll;visibility:hidden';
    document.body.append(probe);
    // Where nothing is laid out (no widths), none.
    scrollbar = Math.max(0, probe.offsetWidth - probe.clientWidth || 0);
    probe.remove();
  }
  return scrollbar ?? 0;
}
