/**
 * The trace view's selected span and collapsed rows, kept by span id (rows move as more of the
 * trace arrives), with the moves on them: reveal a row (opening its ancestors), toggle one, step
 * through the rows shown.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { TraceLayout } from '../../src/viewer/trace';

export function useTraceSelection(layout: TraceLayout, initialSpan: string | undefined) {
  const [selectedId, setSelectedId] = useState<string | undefined>(initialSpan);
  useEffect(() => {
    if (initialSpan !== undefined) setSelectedId(initialSpan);
  }, [initialSpan]);
  const [collapsedIds, setCollapsedIds] = useState<ReadonlySet<string>>(new Set());
  const selected = selectedId === undefined ? undefined : layout.rowOf(selectedId);
  const collapsed = useMemo(() => new Set([...collapsedIds].flatMap((id) => layout.rowOf(id) ?? [])), [collapsedIds, layout]);
  const setSelected = (row: number | undefined) => setSelectedId(row === undefined ? undefined : layout.rows[row]?.span.spanId);
  const setCollapsed = (rows: ReadonlySet<number>) => setCollapsedIds(new Set([...rows].map((r) => layout.rows[r]!.span.spanId)));

  /** Selects a row, opening its collapsed ancestors. */
  const reveal = (row: number) => {
    const next = new Set(collapsed);
    for (let r = layout.rows[row]!.parent; r >= 0; r = layout.rows[r]!.parent) next.delete(r);
    if (next.size !== collapsed.size) setCollapsed(next);
    setSelected(row);
  };
  const toggle = (row: number) => {
    const next = new Set(collapsed);
    if (next.has(row)) next.delete(row);
    else next.add(row);
    setCollapsed(next);
  };
  /** Selects the row `delta` rows on from the selected one among `shown` (the first when none is). */
  const step = (shown: readonly number[], delta: number) => {
    if (!shown.length) return;
    const at = selected === undefined ? -1 : shown.indexOf(selected);
    setSelected(shown[Math.min(shown.length - 1, Math.max(0, at < 0 && delta < 0 ? 0 : at + delta))]);
  };
  return { selected, setSelected, collapsed, setCollapsed, reveal, toggle, step };
}
