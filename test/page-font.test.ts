import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const css = readFileSync(path.join(root, 'components/styles.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** [ids, classes and pseudo-classes, types] of a simple selector (enough for this sheet's). */
function specificity(selector: string): [number, number, number] {
  const s = selector.replace(/::[\w-]+/g, '');
  const ids = (s.match(/#[\w-]+/g) ?? []).length;
  const classes = (s.match(/\.[\w-]+|\[[^\]]*\]|:[\w-]+/g) ?? []).length;
  const types = (s.replace(/\[[^\]]*\]/g, '').match(/(^|[\s>+~])[a-z][\w-]*/gi) ?? []).length;
  return [ids, classes, types];
}
const outweighs = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

/** The rules whose selector ends at body (`body`, `html body`, ...), with the font size they set. */
function bodyFontRules(): { selector: string; value: string }[] {
  const rules: { selector: string; value: string }[] = [];
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const font = /(?:^|;)\s*(font(?:-size)?)\s*:\s*([^;]+)/.exec(body!);
    if (!font) continue;
    for (const selector of selectors!.split(',').map((x) => x.trim())) {
      if (/(^|\s)body$/.test(selector)) rules.push({ selector, value: font[2]!.trim() });
    }
  }
  return rules;
}

describe('extension page font', () => {
  it('sets body’s font by a rule that outweighs Chromium’s `body { font-size: 75% }` wherever that sheet comes', () => {
    const rules = bodyFontRules();
    expect(rules.length).toBeGreaterThan(0);
    const winner = rules.filter((r) => outweighs(specificity(r.selector), specificity('body')) > 0);
    expect(winner.map((r) => r.value)).toContain('inherit');
    // What body inherits: the root's 13 px.
    expect(/:root\s*\{[^}]*font:\s*13px/.test(css)).toBe(true);
  });

  it('is the style of every extension page with a UI', () => {
    const pages = readdirSync(path.join(root, 'entrypoints'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && readdirSync(path.join(root, 'entrypoints', e.name)).includes('main.tsx'))
      .map((e) => e.name);
    expect(pages.sort()).toEqual(['devtools-panel', 'options', 'popup', 'viewer']);
    for (const page of pages) expect(readFileSync(path.join(root, 'entrypoints', page, 'main.tsx'), 'utf8')).toContain("import '../../components/styles.css';");
  });
});
