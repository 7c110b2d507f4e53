/**
 * The trace view's keyboard: one document listener, added once, that calls the keys of the latest
 * render (keys pressed before an effect would run again still see the current state). Keys are
 * ignored while typing, except Esc in the search box (clears it, then leaves it), and with
 * Ctrl, ⌘ or Alt held.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const isTyping = (target: EventTarget | null) => target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);

export interface TraceKeys {
  /** The actions by `KeyboardEvent.key`; undefined while the keys do not apply (another tab). */
  keys: Record<string, () => void> | undefined;
  search: RefObject<HTMLInputElement | null>;
  /** Esc in the search box: clears it when it has text (returns true), else the box is left. */
  onSearchEscape(): boolean;
}

export function useTraceKeys(latest: TraceKeys): void {
  const current = useRef(latest);
  current.current = latest;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      const { keys, search, onSearchEscape } = current.current;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) {
        if (event.target === search.current && event.key === 'Escape' && !onSearchEscape()) search.current?.blur();
        return;
      }
      const action = keys?.[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
