/**
 * The page-view list's pane: as wide as the user dragged it (within what leaves the bars half the
 * viewer), folded away with one button, and, where the viewer is too narrow for it beside the
 * trace, opened over the trace as a drawer instead, which closes once a page view is chosen so
 * the trace it covered shows.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LIMITS, listWidth, type PaneSizes } from '../../src/viewer/panes';
import { Splitter } from './Splitter';

export interface ListPaneProps {
  viewer: number;
  sizes: PaneSizes;
  onSizes(change: Partial<PaneSizes>): void;
  /** The page view chosen (its trace id): the drawer closes when it changes. */
  chosen?: string;
  children: ComponentChildren;
}

export function ListPane({ viewer, sizes, onSizes, chosen, children }: ListPaneProps) {
  const [drawer, setDrawer] = useState(false);
  useEffect(() => setDrawer(false), [chosen]);
  const width = listWidth(viewer, sizes);
  // Not measured yet (the first paint, or no layout at all): beside the trace, as the user left it.
  const fits = width > 0 || !viewer;
  const open = fits ? sizes.listOpen : drawer;
  const toggle = () => (fits ? onSizes({ listOpen: !sizes.listOpen }) : setDrawer(!drawer));
  return (
    <div class={`list-pane${open ? '' : ' is-folded'}${!fits && open ? ' is-drawer' : ''}`} style={open && fits && viewer ? { width: `${width}px` } : undefined}>
      <button type="button" class="list-toggle" aria-expanded={open} aria-controls="page-list" onClick={toggle} title={open ? 'Hide the page list' : 'Show the page list'}>
        {open ? '«' : '»'}
        <span class="visually-hidden">{open ? 'Hide the page list' : 'Show the page list'}</span>
      </button>
      {open && (
        <div id="page-list" class="list-body">
          {children}
        </div>
      )}
      {open && fits && (
        <Splitter
          label="Page list width"
          orientation="vertical"
          grow={1}
          value={width || sizes.list}
          min={LIMITS.list.min}
          max={Math.max(LIMITS.list.min, Math.min(LIMITS.list.max, viewer / 4))}
          controls="page-list"
          onChange={(list) => onSizes({ list })}
        />
      )}
    </div>
  );
}
