/**
 * The selected span's pane with its handle: beside the waterfall (a width to drag), or below it
 * in a narrow viewer (a height to drag).
 */
import { detailHeight, LIMITS, type PaneSizes, type TracePanes } from '../../src/viewer/panes';
import { SpanDetail, type SpanDetailProps } from './SpanDetail';
import { Splitter } from './Splitter';

export interface DetailPaneProps extends Omit<SpanDetailProps, 'below' | 'size'> {
  split: TracePanes;
  /** The trace area's measured size (0 before layout). */
  area: { width: number; height: number };
  sizes: PaneSizes;
  onSizes(change: Partial<PaneSizes>): void;
  below: boolean;
  /** The viewer's width and the name column's, which bound the side pane. */
  viewerWidth: number;
  nameWidth: number;
}

export function DetailPane({ split, area, sizes, onSizes, below, viewerWidth, nameWidth, ...detail }: DetailPaneProps) {
  return (
    <>
      {below ? (
        <Splitter
          label="Span detail height"
          orientation="horizontal"
          grow={-1}
          value={detailHeight(area.height, sizes)}
          min={LIMITS.detailHeight.min}
          max={Math.max(LIMITS.detailHeight.min, area.height * 0.6)}
          controls="span-detail"
          onChange={(detailHeight) => onSizes({ detailHeight })}
          testId="detail-splitter"
        />
      ) : (
        <Splitter
          label="Span detail width"
          orientation="vertical"
          grow={-1}
          value={split.detail || sizes.detail}
          min={LIMITS.detail.min}
          max={Math.max(LIMITS.detail.min, Math.min(LIMITS.detail.max, area.width - viewerWidth / 2 - nameWidth))}
          controls="span-detail"
          onChange={(detail) => onSizes({ detail })}
          testId="detail-splitter"
        />
      )}
      <SpanDetail {...detail} below={below} size={below ? detailHeight(area.height, sizes) : area.width ? split.detail : undefined} />
    </>
  );
}
