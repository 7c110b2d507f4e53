/**
 * A drag handle between two panes (`role="separator"`, focusable): drag it, or use the arrow
 * keys (Shift for larger steps), Home and End. `vertical` handles sit between panes side by side
 * and move left and right; the others move up and down. The value is the size of the pane the
 * handle resizes; `grow` says which way makes it larger.
 */
import { useRef } from 'preact/hooks';

export interface SplitterProps {
  label: string;
  value: number;
  min: number;
  max: number;
  orientation: 'vertical' | 'horizontal';
  /** +1 when moving right (or down) makes the pane larger, -1 when it makes it smaller. */
  grow: 1 | -1;
  onChange(value: number): void;
  /** What the handle's pane is, for `aria-controls`. */
  controls?: string;
  testId?: string;
}

const STEP = 16;

/** The value a key takes the handle to, or undefined for a key it does not use. */
export function splitterKey(key: string, shift: boolean, { value, min, max, orientation, grow }: Omit<SplitterProps, 'label' | 'onChange'>): number | undefined {
  const step = (shift ? 4 : 1) * STEP;
  const forward = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
  let next: number | undefined;
  if (key === forward[0]) next = value + grow * step;
  else if (key === forward[1]) next = value - grow * step;
  else if (key === 'Home') next = min;
  else if (key === 'End') next = max;
  return next === undefined ? undefined : Math.max(min, Math.min(max, next));
}

export function Splitter(props: SplitterProps) {
  const { label, value, min, max, orientation, grow, onChange, controls, testId } = props;
  const drag = useRef<{ at: number; value: number } | undefined>(undefined);
  const at = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  return (
    <div
      role="separator"
      tabindex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      aria-controls={controls}
      class={`splitter splitter-${orientation}`}
      data-testid={testId}
      onKeyDown={(e) => {
        const next = splitterKey(e.key, e.shiftKey, props);
        if (next === undefined) return;
        // The trace view's own keys (arrows step through spans) must not see it.
        e.preventDefault();
        e.stopPropagation();
        onChange(next);
      }}
      onPointerDown={(e) => {
        drag.current = { at: at(e), value };
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        onChange(Math.max(min, Math.min(max, d.value + grow * (at(e) - d.at))));
      }}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
    />
  );
}
