/**
 * The trace chart's controls: Waterfall | Flame, *Reset zoom* (key `0`) and *Zoom to span* (key
 * `z`), beside the legend of bar colours.
 */
import { RESOURCE_TYPES } from '../../src/viewer/network';

export type ChartMode = 'waterfall' | 'flame';

export interface ChartControlsProps {
  mode: ChartMode;
  onMode(mode: ChartMode): void;
  /** Undefined when the whole trace is in view. */
  onReset?: () => void;
  /** Undefined when no span is selected. */
  onZoomSpan?: () => void;
  critical: boolean;
}

const MODES: { id: ChartMode; label: string }[] = [
  { id: 'waterfall', label: 'Waterfall' },
  { id: 'flame', label: 'Flame' },
];

export function ChartControls({ mode, onMode, onReset, onZoomSpan, critical }: ChartControlsProps) {
  return (
    <div class="chart-bar">
      <div class="chart-controls">
        <div class="chart-mode" role="group" aria-label="Chart">
          {MODES.map((m) => (
            <button key={m.id} type="button" aria-pressed={mode === m.id} onClick={() => onMode(m.id)} data-testid={`mode-${m.id}`}>
              {m.label}
            </button>
          ))}
        </div>
        <button type="button" class="link" onClick={onReset} disabled={!onReset} aria-keyshortcuts="0" data-testid="reset-zoom">
          Reset zoom
        </button>
        <button type="button" class="link" onClick={onZoomSpan} disabled={!onZoomSpan} aria-keyshortcuts="z" data-testid="zoom-to-span">
          Zoom to span
        </button>
      </div>
      <ul class="rt-legend muted" aria-label="Bar colours by resource type">
        {RESOURCE_TYPES.map((type) => (
          <li key={type}>
            <i class={`rt-dot rt-${type}`} aria-hidden="true" /> {type === 'fetch' ? 'fetch/xhr' : type}
          </li>
        ))}
        {critical && (
          <li>
            <i class="rt-dot critical-dot" aria-hidden="true" /> critical path
          </li>
        )}
      </ul>
    </div>
  );
}
