/** Web Vitals as small badges coloured by their rating (good, needs improvement, poor). */
import { isMeasured, VITALS, type PageViewRow } from '../../src/page-view';
import { formatDuration } from '../format';

const LABELS = { good: 'good', 'needs-improvement': 'needs improvement', poor: 'poor', '': 'unrated' };

export function VitalBadges({ vitals }: { vitals: PageViewRow['vitals'] }) {
  // Rows stored before isMeasured may still hold an INP of 0.
  const present = VITALS.filter((name) => vitals[name] && isMeasured(name, vitals[name].value));
  if (!present.length) return null;
  return (
    <span class="vitals" data-testid="vitals">
      {present.map((name) => {
        const { value, rating } = vitals[name]!;
        const shown = name === 'CLS' ? value.toFixed(3) : formatDuration(value);
        return (
          <span key={name} class={`vital vital-${rating || 'none'}`} title={`${name} ${shown}: ${LABELS[rating]}`}>
            {name} {shown}
          </span>
        );
      })}
    </span>
  );
}
