/**
 * The trace view's search: the query typed, the rows it matches (in tree order, with the one
 * stepped to), and the rows shown: all open ones, or with *Filter* only the matches and their
 * ancestors (so a filtered tree keeps its shape).
 */
import { useMemo, useState } from 'preact/hooks';
import { parseQuery } from '../../src/viewer/search';
import { visibleRows, type TraceLayout } from '../../src/viewer/trace';

/** Rows that match, plus their ancestors. */
function withAncestors(layout: TraceLayout, matches: ReadonlySet<number>): Set<number> {
  const keep = new Set<number>();
  for (const m of matches) {
    for (let r = m; r >= 0 && !keep.has(r); r = layout.rows[r]!.parent) keep.add(r);
  }
  return keep;
}

export function useTraceSearch(layout: TraceLayout, collapsed: ReadonlySet<number>) {
  const [text, setText] = useState('');
  const [filter, setFilter] = useState(false);
  const [current, setCurrent] = useState(0);
  const query = useMemo(() => parseQuery(text), [text]);
  const matchList = useMemo(() => {
    if (!query.terms.length || query.error) return undefined;
    const list: number[] = [];
    layout.rows.forEach((row, i) => query.matches(row.span) && list.push(i));
    return list;
  }, [layout, query]);
  const matches = useMemo(() => matchList && new Set(matchList), [matchList]);
  const shown = useMemo(() => {
    const open = visibleRows(layout, collapsed);
    if (!filter || !matches) return open;
    const keep = withAncestors(layout, matches);
    return open.filter((r) => keep.has(r));
  }, [layout, collapsed, filter, matches]);
  return { text, setText, filter, setFilter, current, setCurrent, query, matchList, matches, shown };
}
