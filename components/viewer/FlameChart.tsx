/**
 * The flame chart: spans stacked by depth (x is time in the same window as the waterfall, y the
 * depth; overlapping spans of one depth take extra lanes), coloured as the waterfall's bars, the
 * selected span outlined, search matches highlighted and the rest dimmed. Boxes under a pixel are
 * merged (`src/viewer/flame.ts`), so a frame costs the lanes in view times their width however
 * many spans there are. Click a box to select its span; dragging, Shift+drag, the wheel and the
 * axis work as in the waterfall.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { hitFlame, laneBoxes, laneCounts, layoutFlame, runHas } from '../../src/viewer/flame';
import type { TimeWindow } from '../../src/viewer/time-window';
import type { TraceLayout, TraceMarks } from '../../src/viewer/trace';
import { cachedStyles, prepareCanvas } from './canvas';
import { color } from './CanvasWaterfall';
import { ChartFrame } from './ChartFrame';
import { useTimeDrag } from './time-drag';
import { useVirtualRows } from './virtual-rows';

export const LANE_HEIGHT = 18;
/** The depth column's width, left of the boxes. */
const GUTTER = 120;
/** Pixels either side of a click that still hit a box. */
const HIT_SLACK = 2;
/** A box this wide or wider is labelled with its span's name. */
const LABEL_MIN = 36;

export interface FlameChartProps {
  layout: TraceLayout;
  selected: number | undefined;
  matches: ReadonlySet<number> | undefined;
  marks: TraceMarks;
  view: TimeWindow;
  onView(view: TimeWindow): void;
  onSelect(row: number): void;
}

export function FlameChart({ layout, selected, matches, marks, view, onView, onSelect }: FlameChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const flame = useMemo(() => layoutFlame(layout), [layout]);
  const counts = useMemo(() => matches && laneCounts(flame, matches), [flame, matches]);
  const selectedLane = selected === undefined ? -1 : (flame.laneOf[selected] ?? -1);
  const rows = useVirtualRows(LANE_HEIGHT, flame.lanes.length, selectedLane);
  const { scrollTop, size, first, count } = rows;
  const width = Math.max(0, size.width - GUTTER);
  const lanes = flame.lanes.slice(first, first + count);

  useEffect(() => {
    const el = canvas.current;
    if (!el || !width || !size.height) return;
    const ctx = prepareCanvas(el, width, size.height);
    if (!ctx) return;
    const styles = cachedStyles(el);
    const offset = -(scrollTop % LANE_HEIGHT);
    const x = (ms: number) => ((ms - view.from) / (view.to - view.from || 1)) * width;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    let drawn = 0;
    lanes.forEach((lane, i) => {
      const y = offset + i * LANE_HEIGHT;
      const laneIndex = first + i;
      for (const box of laneBoxes(lane, view, width)) {
        const left = Math.max(-1, box.x);
        const right = Math.min(width + 1, box.right);
        const match = counts ? runHas(counts[laneIndex]!, box.first, box.last) : false;
        ctx.globalAlpha = counts && !match ? 0.25 : 1;
        ctx.fillStyle = color(layout, box.row, styles as CSSStyleDeclaration);
        // A hairline between neighbours, where there is room for one.
        ctx.fillRect(left, y + 1, Math.max(1, right - left - (right - left > 3 ? 1 : 0)), LANE_HEIGHT - 2);
        if (match) {
          ctx.strokeStyle = '#facc15';
          ctx.lineWidth = 2;
          ctx.strokeRect(left, y + 1, Math.max(1, right - left), LANE_HEIGHT - 2);
        }
        if (box.count === 1 && right - left >= LABEL_MIN) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(left, y, right - left - 2, LANE_HEIGHT);
          ctx.clip();
          ctx.fillStyle = '#fff';
          ctx.fillText(layout.rows[box.row]!.span.name, Math.max(0, left) + 3, y + LANE_HEIGHT / 2);
          ctx.restore();
        }
        drawn++;
      }
    });
    ctx.globalAlpha = 1;
    const row = selected === undefined ? undefined : layout.rows[selected];
    if (row && selectedLane >= first && selectedLane < first + count) {
      const left = x(row.start);
      ctx.strokeStyle = styles.getPropertyValue('--fg') || '#111827';
      ctx.lineWidth = 2;
      ctx.strokeRect(left - 1, offset + (selectedLane - first) * LANE_HEIGHT, Math.max(1, x(row.end) - left) + 2, LANE_HEIGHT);
    }
    el.dataset.boxes = String(drawn);
  });

  const drag = useTimeDrag({
    view,
    duration: layout.duration,
    width,
    wheelOffset: GUTTER,
    onView,
    onClick: (event) => {
      const rect = canvas.current!.getBoundingClientRect();
      const lane = Math.floor((event.clientY - rect.top + scrollTop) / LANE_HEIGHT);
      const ms = (view.to - view.from) / (width || 1);
      const row = hitFlame(flame, lane, view.from + (event.clientX - rect.left) * ms, HIT_SLACK * ms);
      if (row !== undefined) onSelect(row);
    },
  });

  return (
    <ChartFrame
      view={view}
      duration={layout.duration}
      marks={marks}
      gutter={GUTTER}
      width={width}
      drag={drag}
      rows={rows}
      body={{ 'data-testid': 'flame-chart', 'data-lanes': flame.lanes.length }}
      canvas={{
        ref: canvas,
        role: 'img',
        'aria-label': `Flame chart of ${layout.rows.length} spans in ${flame.lanes.length} lanes; the selected span is in the span detail`,
        'data-testid': 'flame',
      }}
    >
      <div class="fc-gutter muted" style={{ width: `${GUTTER}px` }} aria-hidden="true">
        {lanes.map((lane, i) =>
          first + i === 0 || flame.lanes[first + i - 1]!.depth !== lane.depth ? (
            <div key={first + i} class="fc-depth" style={{ top: `${i * LANE_HEIGHT - (scrollTop % LANE_HEIGHT)}px` }}>
              depth {lane.depth}
            </div>
          ) : null,
        )}
      </div>
    </ChartFrame>
  );
}
