/** The trace's statistics table: its spans grouped by name, resource type or server, and in all. */
import { useMemo, useState } from 'preact/hooks';
import { ALL, statistics, type GroupBy, type StatRow } from '../../src/viewer/stats';
import type { TraceLayout } from '../../src/viewer/trace';
import { formatDuration } from '../format';
import { LabelledSelect } from './LabelledSelect';

const GROUPS: { value: GroupBy; label: string }[] = [
  { value: 'name', label: 'span name' },
  { value: 'type', label: 'resource type' },
  { value: 'server', label: 'server' },
];

function StatLine({ row: r }: { row: StatRow }) {
  return (
    <tr>
      <td class="wrap">{r.key}</td>
      <td class="num">{r.count}</td>
      <td class="num">{formatDuration(r.wall)}</td>
      <td class="num">{formatDuration(r.total)}</td>
      <td class="num">{formatDuration(r.self)}</td>
      <td class="num">{formatDuration(r.p50)}</td>
      <td class="num">{formatDuration(r.p95)}</td>
    </tr>
  );
}

/** Statistics of the trace's spans (vitals left out), grouped as the user picks, the whole trace's in the footer. */
export function StatsTable({ layout }: { layout: TraceLayout }) {
  const [by, setBy] = useState<GroupBy>('name');
  const rows = useMemo(() => statistics(layout, by), [layout, by]);
  const all = useMemo(() => statistics(layout, ALL)[0], [layout]);
  return (
    <section>
      <LabelledSelect label="Group by" value={by} choices={GROUPS} onChange={(group: GroupBy) => setBy(group)} />
      <table class="grid" data-testid="stats">
        <thead>
          <tr>
            <th scope="col">{GROUPS.find((g) => g.value === by)!.label}</th>
            <th scope="col" class="num">Count</th>
            <th scope="col" class="num" title="Wall time covered: the union of their intervals, concurrent spans counted once">
              Wall time
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
            <StatLine key={r.key} row={r} />
          ))}
        </tbody>
        {all && (
          <tfoot>
            <StatLine row={all} />
          </tfoot>
        )}
      </table>
    </section>
  );
}
