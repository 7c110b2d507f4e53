/** The trace's statistics table: its spans grouped by name, resource type or server. */
import { useMemo, useState } from 'preact/hooks';
import { statistics, type GroupBy } from '../../src/viewer/stats';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';

const GROUPS: { value: GroupBy; label: string }[] = [
  { value: 'name', label: 'span name' },
  { value: 'type', label: 'resource type' },
  { value: 'server', label: 'server' },
];

export function StatsTable({ layout }: { layout: TraceLayout }) {
  const [by, setBy] = useState<GroupBy>('name');
  const rows = useMemo(() => statistics(layout, by), [layout, by]);
  return (
    <section>
      <label>
        Group by{' '}
        <select value={by} onChange={(e) => setBy((e.currentTarget as HTMLSelectElement).value as GroupBy)}>
          {GROUPS.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </select>
      </label>
      <table class="grid" data-testid="stats">
        <thead>
          <tr>
            <th scope="col">{GROUPS.find((g) => g.value === by)!.label}</th>
            <th scope="col" class="num">Count</th>
            <th scope="col" class="num" title="Time at least one was in flight: concurrent spans counted once">
              In flight
            </th>
            <th scope="col" class="num" title="The sum of their durations: concurrent spans each counted">
              Sum
            </th>
            <th scope="col" class="num">Self</th>
            <th scope="col" class="num">p50</th>
            <th scope="col" class="num">p95</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td class="wrap">{r.key}</td>
              <td class="num">{r.count}</td>
              <td class="num">{formatDuration(r.busy)}</td>
              <td class="num">{formatDuration(r.total)}</td>
              <td class="num">{formatDuration(r.self)}</td>
              <td class="num">{formatDuration(r.p50)}</td>
              <td class="num">{formatDuration(r.p95)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
