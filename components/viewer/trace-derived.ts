/**
 * What the trace view derives from a layout beyond drawing it: the events it is sent as (derived
 * after the chart paints: a 100k-span trace's take tens of milliseconds) and the critical path's
 * sections by row (on demand).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { criticalPath, type PathSection } from '../../src/viewer/critical-path';
import { traceEvents, type TraceEvent } from '../../src/viewer/trace-events';
import type { TraceLayout } from '../../src/viewer/trace';

/** The trace's events once derived (at once when `now`; not while `loading` more of it), else undefined. */
export function useTraceEvents(layout: TraceLayout, now: boolean, loading = false): TraceEvent[] | undefined {
  // Rows move as more of the trace arrives, so a list is used only with the layout it was made from.
  const [derived, setDerived] = useState<{ layout: TraceLayout; events: TraceEvent[] }>();
  useEffect(() => {
    if (loading) return;
    const timer = setTimeout(() => setDerived({ layout, events: traceEvents(layout) }), 0);
    return () => clearTimeout(timer);
  }, [layout, loading]);
  return useMemo(() => (derived?.layout === layout ? derived.events : now ? traceEvents(layout) : derived?.events), [derived, layout, now]);
}

/** The critical path of the selected span, or the page load's (the first root) when none is selected, by row; undefined when not shown. */
export function useCriticalRows(layout: TraceLayout, selected: number | undefined, shown: boolean): Map<number, PathSection[]> | undefined {
  return useMemo(() => {
    if (!shown || !layout.rows.length) return undefined;
    const bySection = new Map<number, PathSection[]>();
    for (const section of criticalPath(layout, selected ?? 0).sections) {
      const list = bySection.get(section.row);
      if (list) list.push(section);
      else bySection.set(section.row, [section]);
    }
    return bySection;
  }, [shown, layout, selected]);
}
