/** A vital's breakdown (LCP: TTFB, load delay, load duration, render delay; INP: input delay, processing, presentation) as a stacked bar with its parts named. */
import type { Attributes } from '../../src/protocol/span';
import { vitalBreakdown } from '../../src/viewer/vital-breakdown';
import { formatDuration } from '../format';

export function VitalBreakdown({ attributes }: { attributes: Attributes }) {
  const breakdown = vitalBreakdown(attributes);
  if (!breakdown) return null;
  const { vital, total, parts } = breakdown;
  return (
    <section data-testid="vital-breakdown">
      <h3>
        {vital} breakdown <span class="muted">({formatDuration(total)})</span>
      </h3>
      <div class="vb-bar" role="img" aria-label={parts.map((p) => `${p.label} ${formatDuration(p.ms)}`).join(', ')}>
        {parts.map((p, i) =>
          p.share > 0 ? <span key={p.key} class={`vb-part vb-${i}`} style={{ left: `${p.from * 100}%`, width: `${p.share * 100}%` }} title={`${p.label} ${formatDuration(p.ms)}`} /> : null,
        )}
      </div>
      <ol class="vb-legend">
        {parts.map((p, i) => (
          <li key={p.key} data-testid="vital-part">
            <i class={`vb-swatch vb-${i}`} aria-hidden="true" /> {p.label} <b>{formatDuration(p.ms)}</b> <span class="muted">{Math.round(p.share * 100)}%</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
