/**
 * How a trace view's area splits between the waterfall and the selected span's detail: the area
 * measured, the user's sizes (the viewer's, or the trace view's own where it is shown alone, as in
 * the DevTools panel) laid out by `tracePanes`, and what each side is handed, its handles' limits
 * included.
 */
import { useRef } from 'preact/hooks';
import { LIMITS, tracePanes, type PaneSizes } from '../../src/viewer/panes';
import { scrollbarWidth, usePaneSizes, useSize } from './panes';

/** The viewer's width and the pane sizes it keeps. */
export interface ViewerPanes {
  viewer: number;
  sizes: PaneSizes;
  onSizes(change: Partial<PaneSizes>): void;
}

/** The split of the trace area (`body`'s element) for `panes`, or the trace view's own sizes without them. */
export function usePaneLayout(panes: ViewerPanes | undefined, detailOpen: boolean) {
  const body = useRef<HTMLDivElement>(null);
  const area = useSize(body);
  const [ownSizes, setOwnSizes] = usePaneSizes();
  const sizes = panes?.sizes ?? ownSizes;
  const onSizes = panes?.onSizes ?? setOwnSizes;
  const viewerWidth = panes?.viewer || area.width;
  const split = tracePanes(area.width, viewerWidth, sizes, detailOpen, scrollbarWidth());
  // Not measured (no layout yet): the user's sizes as they are.
  const nameWidth = area.width ? split.names : sizes.names;
  const below = area.width ? split.below : false;
  return {
    body,
    /** Whether the detail is a bottom pane. */
    below,
    /** The waterfall's name column: its width, its handle's limit and change. */
    waterfall: {
      nameWidth,
      nameMax: Math.max(LIMITS.names.min, area.width - viewerWidth / 2 - split.detail),
      onNameWidth: (names: number) => onSizes({ names }),
    },
    /** The detail pane's size and what bounds its handle. */
    detail: { split, area, sizes, onSizes, below, viewerWidth, nameWidth },
  };
}
