/**
 * Redaction cost per rule on a 16 KB string a page chose to be slow, beside an ordinary 16 KB
 * string. Runs in Node's V8, the engine the background runs redaction in. Ordinary and adversarial
 * inputs take turns, run by run, so that drift on a busy machine falls on both; each figure is the
 * median over the runs with its range, and the ratio of the medians.
 */
import { redactor } from '../src/redaction';
import type { Row } from './report';

const SIZE = 16 * 1024;

/** `unit` repeated to SIZE characters. */
const fill = (unit: string, tail = '') => unit.repeat(Math.ceil((SIZE - tail.length) / unit.length)).slice(0, SIZE - tail.length) + tail;

const ORDINARY = fill('TypeError: cannot read "items" at render (https://shop.example/app.js?v=2:12:5) for ann@example.com, order 4111 1111 1111 1111; ');

interface Case {
  rule: string;
  redact: (text: string) => string;
  adversarial: Record<string, string>;
}

/** The email rule as it was, a backtracking regular expression: shown for comparison only. */
const OLD_EMAIL = /[\w.%+-]+(?:@|%40)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}/gi;

function cases(full: boolean): Case[] {
  const emails = redactor({ emails: true, digits: false, patterns: [] })!;
  const digits = redactor({ emails: false, digits: true, patterns: [] })!;
  // A pattern the safety check accepts, yet quadratic on digits with no `x`: what the budget is for.
  const own = redactor({ emails: false, digits: false, patterns: ['\\d+x'] }, { clock: () => 0 })!;
  const list: Case[] = [
    {
      rule: 'emails',
      redact: emails,
      adversarial: {
        'word run, then @': fill('a', '@'),
        '@, then word run': `a@${fill('a').slice(2)}`,
        '%40 after %40': fill('%40'),
        'dotted domain, no tld': `a@${fill('a.').slice(2)}`,
      },
    },
    { rule: 'digits', redact: digits, adversarial: { 'runs of 8 digits': fill('12345678 '), 'spaced digits': fill('1 ') } },
    { rule: 'own pattern \\d+x', redact: own, adversarial: { 'digits, no x': fill('1') } },
  ];
  if (full) list.push({ rule: 'emails, the old regex', redact: (t) => t.replace(OLD_EMAIL, 'REDACTED'), adversarial: list[0]!.adversarial });
  return list;
}

/** Microseconds per call of `fn(text)`, repeated until 5 ms have passed (at least once). */
function timeCall(fn: (text: string) => string, text: string): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn(text);
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < 5);
  return (elapsed * 1000) / calls;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(x >= 100_000 ? 0 : 1)} ms` : `${x.toFixed(x >= 100 ? 0 : 1)} µs`);
const spread = (xs: number[]) => `${us(median(xs))} (${us(Math.min(...xs))}–${us(Math.max(...xs))})`;

/** Rows of each rule's cost on ordinary and adversarial 16 KB strings, over `runs` interleaved runs. */
export function benchRedaction(runs: number, full: boolean): Row[] {
  const rows: Row[] = [];
  for (const { rule, redact, adversarial } of cases(full)) {
    const names = Object.keys(adversarial);
    const ordinary: number[] = [];
    const hostile: number[][] = names.map(() => []);
    // The old regex takes seconds a call: once is enough to show it.
    const turns = rule.includes('old') ? 1 : runs;
    // Warm up: the first calls run before V8 has optimised the scanner.
    if (turns > 1) for (const text of [ORDINARY, ...Object.values(adversarial)]) timeCall(redact, text);
    for (let run = 0; run < turns; run++) {
      ordinary.push(timeCall(redact, ORDINARY));
      names.forEach((name, i) => hostile[i]!.push(timeCall(redact, adversarial[name]!)));
    }
    rows.push({ what: `${rule}: ordinary 16 KB`, value: spread(ordinary) });
    names.forEach((name, i) => {
      const ratio = median(hostile[i]!) / median(ordinary);
      rows.push({ what: `${rule}: ${name}, 16 KB`, value: `${spread(hostile[i]!)} · ${ratio.toFixed(ratio >= 10 ? 0 : 1)}× ordinary` });
    });
  }
  return rows;
}
