/**
 * A chart body that scrolls through rows of one height and draws only those in view: its element,
 * scroll position and size, the first row in view and how many fit, the spacer that gives the
 * scrollbar its length, and one row (the selected span's) kept in view when it changes.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useSize } from './panes';

/** `total` rows `height` px high; `keep` the index to keep in view (-1: none). */
export function useVirtualRows(height: number, total: number, keep: number) {
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const size = useSize(body);
  useEffect(() => {
    const el = body.current;
    if (!el || keep < 0) return;
    const top = keep * height;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + height > el.scrollTop + el.clientHeight) el.scrollTop = top + height - el.clientHeight;
  }, [keep]);
  return {
    body,
    scrollTop,
    size,
    first: Math.floor(scrollTop / height),
    count: Math.ceil(size.height / height) + 1,
    /** The height below the sticky view, so the body scrolls through every row. */
    spacer: Math.max(0, total * height - size.height),
    onScroll: (event: Event) => setScrollTop((event.currentTarget as HTMLElement).scrollTop),
  };
}
