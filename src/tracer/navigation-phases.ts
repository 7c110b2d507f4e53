/**
 * The phases of a page's navigation (Navigation Timing Level 2), as child spans of its page-load
 * span: https://www.w3.org/TR/navigation-timing-2/#processing-model
 */
import type { NavigationMark } from '../protocol/page';

type Marks = Partial<Record<NavigationMark, number>>;

/** Phases that only happen sometimes (a redirect, a new connection, TLS) are left out when empty. */
const PHASES: { name: string; from: NavigationMark; to: NavigationMark; optional: boolean }[] = [
  { name: 'navigation.redirect', from: 'redirectStart', to: 'redirectEnd', optional: true },
  { name: 'navigation.dns', from: 'domainLookupStart', to: 'domainLookupEnd', optional: true },
  { name: 'navigation.connect', from: 'connectStart', to: 'connectEnd', optional: true },
  { name: 'navigation.tls', from: 'secureConnectionStart', to: 'connectEnd', optional: true },
  { name: 'navigation.request', from: 'requestStart', to: 'responseStart', optional: false },
  { name: 'navigation.response', from: 'responseStart', to: 'responseEnd', optional: false },
  { name: 'navigation.dom_processing', from: 'responseEnd', to: 'domComplete', optional: false },
  { name: 'navigation.load_event', from: 'loadEventStart', to: 'loadEventEnd', optional: false },
];

/** The phases `marks` describe, in order, with page-relative start and end. */
export function navigationPhases(marks: Marks): { name: string; start: number; end: number }[] {
  const phases: { name: string; start: number; end: number }[] = [];
  for (const { name, from, to, optional } of PHASES) {
    const start = marks[from];
    const end = marks[to];
    if (start === undefined || end === undefined || end < start) continue;
    if (optional && end === start) continue;
    phases.push({ name, start, end });
  }
  return phases;
}
