/** The trace view's tabs: the chart, its errors and events (with counts), statistics, charts. */

export type Tab = 'waterfall' | 'errors' | 'events' | 'stats' | 'charts';

export interface TraceTabsProps {
  tab: Tab;
  onTab(tab: Tab): void;
  /** Undefined while more of the trace is being read. */
  errors: number | undefined;
  /** Undefined while they are still being derived. */
  events: number | undefined;
}

export function TraceTabs({ tab, onTab, errors, events }: TraceTabsProps) {
  const tabs: { id: Tab; label: string }[] = [
    { id: 'waterfall', label: 'Waterfall' },
    { id: 'errors', label: errors === undefined ? 'Errors' : `Errors (${errors})` },
    { id: 'events', label: events === undefined ? 'Events' : `Events (${events})` },
    { id: 'stats', label: 'Statistics' },
    { id: 'charts', label: 'Charts' },
  ];
  return (
    <div class="tabs" role="tablist" aria-label="Trace views">
      {tabs.map((t) => (
        <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} class={tab === t.id ? 'is-active' : ''} onClick={() => onTab(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}
