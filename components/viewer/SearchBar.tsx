/**
 * The waterfall's search bar: the query (text, key:value, duration>200ms, status:error,
 * is:slow, is:third-party), matches stepped through with Enter, Shift+Enter or the arrows, the
 * filter and critical-path toggles, and the quick queries. The trace view owns the state.
 */
import type { RefObject } from 'preact';
import { SLOW_MS } from '../../src/viewer/search';
import { formatDuration } from '../format';

export interface SearchBarProps {
  searchRef: RefObject<HTMLInputElement | null>;
  text: string;
  onText(text: string): void;
  /** Adds a quick query to the text, or takes it out. */
  onQuick(query: string): void;
  /** To the next (1) or previous (−1) match; undefined: Enter, the first match or the next. */
  onStep(step?: number): void;
  filter: boolean;
  onFilter(on: boolean): void;
  critical: boolean;
  onCritical(on: boolean): void;
  /** Why the query cannot be read, if it cannot. */
  error?: string;
  /** What the query found ("2 of 5 matches"), or the span count. */
  result: string;
  canStep: boolean;
}

export function SearchBar(props: SearchBarProps) {
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;
  return (
    <form class="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <label class="visually-hidden" for="span-search">
        Search spans
      </label>
      <input
        id="span-search"
        ref={props.searchRef}
        type="search"
        placeholder="Search: text, key:value, duration>200ms, status:error, is:third-party  ( / )"
        value={props.text}
        onInput={(e) => props.onText((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onStep(e.shiftKey ? -1 : undefined);
          }
        }}
        aria-describedby="search-result"
      />
      <label class="check">
        <input type="checkbox" checked={props.filter} onChange={(e) => props.onFilter(checked(e))} /> Filter
      </label>
      <button type="button" onClick={() => props.onStep(-1)} disabled={!props.canStep} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => props.onStep(1)} disabled={!props.canStep} aria-label="Next match">
        ↓
      </button>
      <span id="search-result" class={props.error ? 'error' : 'muted'} data-testid="search-result" aria-live="polite">
        {props.error ?? props.result}
      </span>
      <label class="check" title="The chain of spans that decides when the selected span (or the page load) ends">
        <input type="checkbox" checked={props.critical} onChange={(e) => props.onCritical(checked(e))} data-testid="critical-path" /> Critical path
      </label>
      <span class="quick">
        <button type="button" onClick={() => props.onQuick('status:error')}>
          Errors
        </button>
        <button type="button" onClick={() => props.onQuick('is:slow')} title={`Spans of ${formatDuration(SLOW_MS)} or more`}>
          Slow
        </button>
        <button type="button" onClick={() => props.onQuick('is:third-party')}>
          Third-party
        </button>
      </span>
    </form>
  );
}
