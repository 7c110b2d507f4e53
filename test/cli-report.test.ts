import { describe, expect, it } from 'vitest';
import { evaluate, parseBudget } from '../src/cli/budget';
import { summarizeRuns } from '../src/cli/metrics';
import { formatReport } from '../src/cli/report';
import { inert } from '../src/cli/terminal-text';
import type { TraceReport, TraceRun } from '../src/cli/types';
import { MAX_ROWS, MIN_BAR, formatWaterfall, medianLoadRun } from '../src/cli/waterfall';
import { child, shopRun } from './support/trace-runs';

const ESC = '\x1b';

function reportOf(runs: TraceRun[], budget?: string): TraceReport {
  const parsed = budget ? parseBudget(budget, 'b.json') : undefined;
  const urls = [{ url: runs[0]!.url, runs, metrics: summarizeRuns(runs, ['GET /api/*']) }];
  return { urls, assertions: parsed ? evaluate(parsed, urls) : [] };
}

/** The waterfall's span rows: the lines after its axis but its notes. */
const rowsOf = (lines: string[]) => lines.slice(2).filter((line) => !line.startsWith('…') && !line.startsWith('('));
/** The bar of each row: its columns under the axis. */
const barsOf = (lines: string[]) => rowsOf(lines).map((line) => line.slice(lines[1]!.indexOf('0─')));

describe('formatWaterfall', () => {
  it('draws the median-load run’s page view, oldest start first, and says which run it is', () => {
    const runs = [shopRun(1, 1500), shopRun(2, 1000), shopRun(3, 1200)];
    expect(medianLoadRun(runs)?.run.run).toBe(3);
    const lines = formatWaterfall(runs, 100, false);
    expect(lines[0]).toBe('run 3 of 3 (median load): 12 spans of the page view');
    const names = rowsOf(lines).map((line) => line.split(/ {2,}/)[0]);
    expect(names).toEqual([
      'documentLoad',
      'TTFB',
      'FCP',
      'CLS',
      'LCP',
      'CLS',
      'resourceFetch /style.css',
      'resourceFetch /app.js',
      'resourceFetch /frame.html',
      'GET /api/items',
      'POST /api/cart',
      'exception cart is undefined',
    ]);
    // The frame's five spans are left out, and said to be.
    expect(lines.join('\n')).not.toContain('/ad.js');
    expect(lines.at(-1)).toBe('(5 spans of frames and other page views not drawn)');
  });

  it('takes the lower of the middle two loads for an even count', () => {
    expect(medianLoadRun([shopRun(1, 900), shopRun(2, 1500), shopRun(3, 1000), shopRun(4, 1200)])?.run.run).toBe(3);
    expect(medianLoadRun([{ url: 'https://a/', run: 1, spans: [] }])).toBeUndefined();
    expect(formatWaterfall([{ url: 'https://a/', run: 1, spans: [] }], 80, false)).toEqual(['no page view of this URL was recorded']);
  });

  it('fits each row to the width, cutting long names with an ellipsis, bars on the axis only', () => {
    const run = shopRun();
    const top = run.spans[0]!;
    run.spans.push(child(top, `measure ${'x'.repeat(200)}`, 20, 30), child(top, 'backwards', 40, -10), child(top, 'late', 1700, 0), child(top, 'last', 1800, 0));
    for (const width of [60, 100, 160]) {
      const lines = formatWaterfall([run], width, false);
      for (const line of lines.slice(1, -1)) expect([...line].length).toBe(width);
      const long = lines.find((line) => line.startsWith('measure '))!;
      expect(long).toMatch(/^measure x+… /);
      const bars = barsOf(lines);
      expect(bars).toHaveLength(16);
      for (const bar of bars) expect(bar).toMatch(/^ *█+ *$/);
    }
    // The longest span reaches the end of the axis, and one of no length still shows.
    const lines = formatWaterfall([run], 100, false);
    expect(lines.find((line) => line.startsWith('LCP '))).toMatch(/█$/);
    expect(lines.find((line) => line.startsWith('late '))).toMatch(/ █+ *$/);
    expect(lines.find((line) => line.startsWith('backwards '))).toMatch(/  █ +$/);
    // A span of no length at the very end is drawn in the axis's last cell, not past it.
    expect(lines.find((line) => line.startsWith('last '))).toMatch(/ █$/);
  });

  it('keeps the bars at least MIN_BAR wide on a narrow terminal', () => {
    const lines = formatWaterfall([shopRun()], 20, false);
    expect(barsOf(lines)[0]).toBe('█'.repeat(7) + ' '.repeat(MIN_BAR - 7));
  });

  it('draws at most MAX_ROWS spans and counts the rest', () => {
    const run = shopRun();
    const top = run.spans[0]!;
    for (let i = 0; i < 50; i++) run.spans.push(child(top, `mark ${i}`, 10 + i, 1));
    const lines = formatWaterfall([run], 100, false);
    expect(rowsOf(lines)).toHaveLength(MAX_ROWS);
    expect(lines).toContain(`… ${62 - MAX_ROWS} more spans`);
  });
});

describe('formatReport', () => {
  const budget = '{"assertions": {"LCP": 2500, "CLS": 0.1, "INP": 200}}';

  it('gives per URL the title, the waterfall, the metrics rated, the assertions, then the verdict', () => {
    const text = formatReport(reportOf([shopRun(1, 1500), shopRun(2, 1200), shopRun(3, 1000)], budget), { width: 100, color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('https://shop.example  (3 runs)');
    const table = lines.slice(lines.findIndex((l) => /^ +median +p75$/.test(l)));
    expect(text).toContain('run 2 of 3 (median load)');
    expect(table.slice(1, 10)).toEqual([
      expect.stringMatching(/^LCP +1800 ms good +1800 ms good$/),
      expect.stringMatching(/^FCP +900 ms good +900 ms good$/),
      expect.stringMatching(/^CLS +0\.12 needs-improvement +0\.12 needs-improvement$/),
      expect.stringMatching(/^INP +– +–$/),
      expect.stringMatching(/^TTFB +300 ms good +300 ms good$/),
      expect.stringMatching(/^errors +3 +3$/),
      expect.stringMatching(/^requests +7 +7$/),
      expect.stringMatching(/^transferKilobytes +22 KB +22 KB$/),
      expect.stringMatching(/^span:GET \/api\/\* +300 ms +300 ms$/),
    ]);
    expect(lines).toContain('✓ LCP p75 1800 ms ≤ 2500 ms');
    expect(lines).toContain('✗ CLS p75 0.12 > 0.1');
    expect(lines).toContain('✗ INP was not measured (it needs an interaction: give a --flow that clicks)');
    expect(lines.at(-2)).toBe('1 of 3 assertions passed');
    expect(text).not.toContain(ESC);
  });

  it('rates poor vitals and says when there is no budget', () => {
    const run = shopRun();
    const lcp = run.spans.find((s) => s.name === 'LCP' && s.traceId === run.spans[0]!.traceId)!;
    lcp.attributes['browser.web_vital.value'] = 4200;
    const text = formatReport(reportOf([run]), { width: 80, color: false });
    expect(text).toMatch(/^LCP +4200 ms poor +4200 ms poor$/m);
    expect(text).toContain('https://shop.example  (1 run)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('no budget');
  });

  it('colours only when asked: red failures and poor, green passes and good, yellow in between, dim axis', () => {
    const report = reportOf([shopRun()], budget);
    const plain = formatReport(report, { width: 100, color: false });
    const coloured = formatReport(report, { width: 100, color: true });
    expect(plain).not.toContain(ESC);
    expect(coloured).toContain(`${ESC}[32m✓${ESC}[0m LCP`);
    expect(coloured).toContain(`${ESC}[31m✗ CLS p75 0.12 > 0.1${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[33mneeds-improvement${ESC}[0m`);
    expect(coloured).toContain(`${ESC}[32mgood${ESC}[0m`);
    expect(coloured).toMatch(new RegExp(`${ESC}\\[2m +start +duration +0─+`));
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('prints page strings with their control characters escaped, never as escapes to the terminal', () => {
    const run = shopRun();
    const top = run.spans[0]!;
    run.spans.push(child(top, '\x1b[2J\x1b]0;owned\x07', 10, 5), child(top, 'evil\u202edcba\r\nnext', 11, 5), child(top, 'c1\u009b31m', 12, 5));
    run.url = 'https://shop.example/\x1b[31m';
    top.attributes['url.full'] = run.url;
    for (const color of [false, true]) {
      const text = formatReport(reportOf([run], '{"assertions": {"span:\\u001b[5m": 1}}'), { width: 100, color });
      // The only escapes left are the report's own colours.
      expect(text.replace(/\x1b\[\d+m/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
      expect(text).toContain('\\x1b[2J\\x1b]0;owned\\x07');
      expect(text).toContain('evil\\u202edcba\\x0d\\x0anext');
      expect(text).toContain('c1\\x9b31m');
      expect(text).toContain('https://shop.example/\\x1b[31m  (1 run)');
      expect(text).toContain('span:\\x1b[5m was not measured');
    }
  });
});

describe('inert', () => {
  it('escapes controls, bidirectional and zero-width format characters, lone surrogates and line separators', () => {
    expect(inert('a\x00b\x7f\u0085\u200b\u2066\u2028\ud800z\u{e0041}')).toBe('a\\x00b\\x7f\\x85\\u200b\\u2066\\u2028\\ud800z\\u{e0041}');
    expect(inert('plain – text ✓ 😀')).toBe('plain – text ✓ 😀');
  });
});
