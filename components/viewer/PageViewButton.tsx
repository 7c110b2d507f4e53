/**
 * One page view in a list (the viewer's, the DevTools panel's): its URL (↪ for a route change),
 * when it started, how long it took, its spans and errors, and its vitals.
 */
import type { ComponentChildren } from 'preact';
import type { PageViewRow } from '../../src/page-view';
import { formatDuration, plural } from '../format';
import { VitalBadges } from './VitalBadges';

export interface PageViewButtonProps {
  row: PageViewRow;
  selected: boolean;
  /** What names it: the whole URL, or only its path where the list is one origin's. */
  title: string;
  /** When it started, as the list wants it (a date and time, or a time of day). */
  when: string;
  /** Said after the span count (e.g. that it was imported). */
  extra?: ComponentChildren;
  onClick(): void;
  testId: string;
}

export function PageViewButton({ row, selected, title, when, extra, onClick, testId }: PageViewButtonProps) {
  return (
    <button type="button" class={`page-view${selected ? ' is-selected' : ''}`} aria-current={selected ? 'true' : undefined} onClick={onClick} data-testid={testId}>
      <span class="pv-title">
        {row.root === 'routeChange' ? '↪ ' : ''}
        {title || '(no URL)'}
      </span>
      <span class="pv-meta muted">
        {when} · {formatDuration(row.end - row.start)} · {plural(row.spans, 'span')}
        {extra}
        {row.errors ? <span class="error"> · {plural(row.errors, 'error')}</span> : null}
      </span>
      <VitalBadges vitals={row.vitals} />
    </button>
  );
}
